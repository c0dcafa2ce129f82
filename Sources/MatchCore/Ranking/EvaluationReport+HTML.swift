import Foundation

extension EvaluationReport {
    /// The report as one self-contained HTML page (inline SVG, no script, nothing fetched): the
    /// metrics table, NDCG@k and recall@k curves, coverage by province, and the figures by seeker
    /// group. Opens in any browser; holds no personal data (counts and means only).
    public func html(title: String = "jobmatch evaluation") -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font: 14px/1.45 system-ui, "Noto Sans Thai", sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            tr.best td { font-weight: 600; }
            .note { color: #555; max-width: 70em; }
            svg text { font: 12px system-ui, sans-serif; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p class="note">Trained on events up to \(trainThrough); tested on the weeks \(testFrom) … \(testThrough):
            \(seekerWeeks) seeker-weeks (a seeker who applied in a week, ranked against the vacancies open that week with what was
            known at its start), \(positives) applications to rank (graded 1 applied, 2 interviewed, 3 hired),
            \(positivesExcluded) more to vacancies the eligibility rules keep from the seeker. Coverage, congestion and the
            tables by group and province use each list's top \(listLength).\(oracleSeekers > 0 ? " Oracle share: NDCG@\(listLength) with the simulator's true hire probabilities as gains, for \(oracleSeekers) held-out seekers (1 = the best possible list)." : "")</p>
            """
        page += metricsTable()
        page += "<h2>NDCG@k and recall@k</h2>\n" + curve(metric: "NDCG", values: { $0.ndcg }) + curve(metric: "recall", values: { $0.recall })
        page += "<h2>Coverage by province</h2>\n<p class=\"note\">Share of the open vacancies of each province (the 30 with most) listed at least once, by the model and by the rule filter.</p>\n"
        page += provinceChart()
        page += groupTable()
        page += "</body></html>\n"
        return page
    }

    private var palette: [EvaluatedMethod: String] {
        [.random: "#999999", .popularity: "#8c6d31", .ruleFilter: "#e6550d", .textOnly: "#6baed6",
         .retrievalOnly: "#3182bd", .model: "#31a354"]
    }

    private func metricsTable() -> String {
        var rows = "<table><tr><th>method</th>"
        rows += ks.map { "<th>NDCG@\($0)</th>" }.joined()
        rows += ks.map { "<th>recall@\($0)</th>" }.joined()
        rows += "<th>MRR</th><th>coverage</th><th>congestion (Gini)</th><th>list length</th>"
        if oracleSeekers > 0 { rows += "<th>oracle share</th>" }
        rows += "</tr>\n"
        let best = methods.max { ($0.ndcg[10] ?? 0) < ($1.ndcg[10] ?? 0) }?.method
        for report in methods {
            rows += "<tr\(report.method == best ? " class=\"best\"" : "")><td>\(report.method.rawValue)</td>"
            rows += ks.map { "<td>\(number(report.ndcg[$0] ?? 0))</td>" }.joined()
            rows += ks.map { "<td>\(number(report.recall[$0] ?? 0))</td>" }.joined()
            rows += "<td>\(number(report.mrr))</td><td>\(number(report.coverage))</td><td>\(number(report.congestion))</td>"
            rows += "<td>\(String(format: "%.1f", report.meanListLength))</td>"
            if oracleSeekers > 0 { rows += "<td>\(report.oracleShare.map(number) ?? "–")</td>" }
            rows += "</tr>\n"
        }
        return rows + "</table>\n"
    }

    /// A line chart of one metric against k, a line per method.
    private func curve(metric: String, values: (MethodReport) -> [Int: Double]) -> String {
        let width = 520.0, height = 300.0, left = 50.0, bottom = 40.0, top = 20.0, right = 150.0
        let top1 = max(0.05, methods.flatMap { values($0).values }.max() ?? 1)
        let ceiling = (top1 * 10).rounded(.up) / 10
        func x(_ index: Int) -> Double { tenths(left + Double(index) / Double(max(1, ks.count - 1)) * (width - left - right)) }
        func y(_ value: Double) -> Double { tenths(top + (1 - value / ceiling) * (height - top - bottom)) }
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(metric)@k\">\n"
        for step in 0...5 {
            let value = ceiling * Double(step) / 5
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(String(format: "%.2f", value))</text>\n"
        }
        for (index, k) in ks.enumerated() {
            svg += "<text x=\"\(x(index))\" y=\"\(height - bottom + 18)\" text-anchor=\"middle\">\(k)</text>"
        }
        svg += "<text x=\"\((left + width - right) / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">k</text>\n"
        for (row, report) in methods.enumerated() {
            let color = palette[report.method] ?? "#000"
            let points = ks.enumerated().map { "\(x($0.offset)),\(y(values(report)[$0.element] ?? 0))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            svg += "<rect x=\"\(width - right + 12)\" y=\"\(top + Double(row) * 18)\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(width - right + 30)\" y=\"\(top + Double(row) * 18 + 10)\">\(report.method.rawValue)</text>\n"
        }
        return svg + "<text x=\"\(left)\" y=\"12\">\(metric)@k</text></svg>\n"
    }

    private func provinceChart() -> String {
        guard let model = report(.model) else { return "" }
        let rule = report(.ruleFilter)
        let places = model.provinces.sorted { ($0.value.open, $1.key) > ($1.value.open, $0.key) }.prefix(30)
        guard !places.isEmpty else { return "<p>No open vacancy.</p>" }
        let rowHeight = 18.0, left = 170.0, barWidth = 420.0
        var svg = "<svg width=\"\(Int(left + barWidth + 120))\" height=\"\(Int(Double(places.count) * rowHeight + 30))\" role=\"img\" aria-label=\"coverage by province\">\n"
        for (row, entry) in places.enumerated() {
            let y = Double(row) * rowHeight + 20
            let share = Double(entry.value.listed) / Double(max(1, entry.value.open))
            let ruleShare = rule?.provinces[entry.key].map { Double($0.listed) / Double(max(1, $0.open)) } ?? 0
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 12)\" text-anchor=\"end\">\(escape(provinceName(entry.key)))</text>"
            svg += "<rect x=\"\(left)\" y=\"\(y + 2)\" width=\"\(tenths(barWidth * share))\" height=\"9\" fill=\"#31a354\"/>"
            svg += "<rect x=\"\(left)\" y=\"\(y + 11)\" width=\"\(tenths(barWidth * ruleShare))\" height=\"5\" fill=\"#e6550d\"/>"
            svg += "<text x=\"\(left + barWidth + 6)\" y=\"\(y + 12)\">\(Int((share * 100).rounded())) % of \(entry.value.open)</text>\n"
        }
        svg += "<rect x=\"\(left)\" y=\"2\" width=\"10\" height=\"10\" fill=\"#31a354\"/><text x=\"\(left + 14)\" y=\"11\">model</text>"
        svg += "<rect x=\"\(left + 80)\" y=\"2\" width=\"10\" height=\"10\" fill=\"#e6550d\"/><text x=\"\(left + 94)\" y=\"11\">rule filter</text>"
        return svg + "</svg>\n"
    }

    private func provinceName(_ key: String) -> String {
        if let code = UInt8(key), let province = Province.all.first(where: { $0.code == code }) {
            return "\(province.nameEnglish) \(province.nameThai)"
        }
        return key
    }

    private func groupTable() -> String {
        let groups = Set(methods.flatMap { $0.groups.keys }).sorted()
        guard !groups.isEmpty else { return "" }
        var table = "<h2>By seeker group</h2>\n<p class=\"note\">NDCG@\(listLength) per group of the evaluated seekers (the feeds record no sex, so there is no group by sex).</p>\n"
        table += "<table><tr><th>group</th><th>seeker-weeks</th>" + methods.map { "<th>\($0.method.rawValue)</th>" }.joined() + "</tr>\n"
        for group in groups {
            let seekers = methods.first?.groups[group]?.seekers ?? 0
            table += "<tr><td>\(escape(group))</td><td>\(seekers)</td>"
                + methods.map { "<td>\($0.groups[group].map { number($0.ndcg) } ?? "–")</td>" }.joined() + "</tr>\n"
        }
        return table + "</table>\n"
    }

    /// A coordinate to a tenth of a pixel (short, and no long digit runs in the page).
    private func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    private func number(_ value: Double) -> String { String(format: "%.3f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
