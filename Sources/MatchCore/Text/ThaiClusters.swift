/// Thai Character Clusters (TCC): the smallest units a Thai word boundary can fall between.
///
/// A cluster is a consonant with the vowels and marks that cannot stand apart from it ("เก็",
/// "กั", "ทร์"); cutting inside one would make a word start with a dangling vowel or end before
/// its silent letter. ``DictionarySegmenter`` cuts only at cluster boundaries, as PyThaiNLP's
/// newmm does, which both prevents nonsense words and bounds the work.
///
/// The rules are the "TCC+" grammar of PyThaiNLP (`pythainlp/tokenize/tcc_p.py`, Apache-2.0),
/// which extends the clusters of Theeramunkong et al., *Character cluster based Thai information
/// retrieval* (IRAL 2000). They are tried in order at each position and the first that matches
/// gives the cluster, with the semantics of the regular expression there: an alternation, each
/// rule backtracking over its optional elements, and the optional ending `k` tried only after
/// the first match of the rest of its rule. Where none matches the cluster is one scalar. Notation of the rule strings below, on scalars: `c` any consonant ก–ฮ, `t` an
/// optional tone mark, `k` an optional silent ending (consonant, optional consonant, optional
/// ุ ู ิ, then ์, as in "จันทร์"), `>` the next scalar is a leading vowel or consonant or the text
/// ends (consumes nothing), `[…]` a set with `-` ranges, `?` makes the element before optional.
enum ThaiClusters {
    static let rules = [
        "เc็ck", "เcctาะk", "เccีtยะk", "เccีtย>k", "เcc็ck", "เcิc์ck", "เcิtck", "เcีtยะ?k",
        "เcืtอะ?k", "เc[ิีุู]tย>k", "เctา?ะ?k", "cัtวะk", "c[ัื]tc[ุิะ]?k", "c[ิุู]์", "c[ะ-ู]tk",
        "cรรc์", "c็", "ct[ะาำ]?k", "ck", "แc็c", "แcc์", "แctะ", "แcc็c", "แccc์", "โctะ",
        "[เ-ไ]ct", "ก็", "อึ", "หึ",
    ]

    /// Marks the cluster boundaries of a run of Thai scalars: on return `boundary[i]` (of
    /// `run.count + 1`) is true when a cut between `run[i - 1]` and `run[i]` is allowed (always
    /// at both ends).
    ///
    /// - Complexity: O(n).
    static func markBoundaries(of run: UnsafeBufferPointer<Unicode.Scalar>, into boundary: UnsafeMutableBufferPointer<Bool>) {
        precondition(boundary.count == run.count + 1, "one boundary flag for each place between scalars")
        boundary.update(repeating: false)
        boundary[0] = true
        var position = 0
        while position < run.count {
            position += directLength(run, position)
            precondition(position <= run.count, "a Thai cluster ran past the end of its run")
            boundary[position] = true
        }
    }

    /// The length of the cluster at `position`, worked out directly from the rules (each case
    /// below names the rules it stands for, tried in their order). In every rule an optional
    /// element is followed by an element that cannot match what it would have consumed (a tone
    /// mark by a consonant, a vowel or `>`), or by optional elements only, so backtracking never
    /// finds a match that the greedy one missed: the first match is the greedy match, where one
    /// exists. The tests check this against the rule matcher (``Table/clusterLength(in:at:)``)
    /// on PyThaiNLP's clusters, the whole word list and random Thai.
    @inline(__always)
    static func directLength(_ run: UnsafeBufferPointer<Unicode.Scalar>, _ position: Int) -> Int {
        let text = run.baseAddress!, count = run.count
        @inline(__always) func at(_ offset: Int) -> UInt32 { position + offset < count ? text[position + offset].value : 0 }
        @inline(__always) func isConsonant(_ offset: Int) -> Bool { ThaiScript.isConsonant(at(offset)) }
        /// 1 when a tone mark is at `offset`, else 0 (an optional `t`).
        @inline(__always) func tone(_ offset: Int) -> Int { ThaiScript.isToneMark(at(offset)) ? 1 : 0 }
        /// `>`: a leading vowel or consonant at `offset`, or the end of the run.
        @inline(__always) func isLookahead(_ offset: Int) -> Bool {
            position + offset >= count || isConsonant(offset) || ThaiScript.isLeadingVowel(at(offset))
        }
        /// A cluster of `length` before the optional ending `k`.
        @inline(__always) func withEnding(_ length: Int) -> Int { length + endingLength(run, position + length) }
        let first = text[position].value
        let next = at(1)
        if ThaiScript.isConsonant(first) {
            switch next {
            case 0x0E01...0x0E2E:
                // "cรรc์", else "ct[ะาำ]?k" with nothing but the ending
                if next == 0x0E23 && at(2) == 0x0E23 && isConsonant(3) && at(4) == 0x0E4C { return 5 }
                return withEnding(1)
            case 0x0E31, 0x0E37:  // ั ื
                let t = tone(2)
                if next == 0x0E31 && at(2 + t) == 0x0E27 && at(3 + t) == 0x0E30 { return withEnding(4 + t) }  // "cัtวะk"
                if isConsonant(2 + t) {  // "c[ัื]tc[ุิะ]?k"
                    let vowel = at(3 + t)
                    return withEnding(vowel == 0x0E38 || vowel == 0x0E34 || vowel == 0x0E30 ? 4 + t : 3 + t)
                }
                return withEnding(2 + t)  // "c[ะ-ู]tk"
            case 0x0E30...0x0E39:
                let vowelFirst = next == 0x0E34 || next == 0x0E38 || next == 0x0E39
                if vowelFirst && at(2) == 0x0E4C { return 3 }  // "c[ิุู]์"
                return withEnding(2 + tone(2))  // "c[ะ-ู]tk"
            case 0x0E47:  // "c็"
                return 2
            case 0x0E48...0x0E4B:  // "ct[ะาำ]?k"
                let vowel = at(2)
                return withEnding(vowel == 0x0E30 || vowel == 0x0E32 || vowel == 0x0E33 ? 3 : 2)
            default:  // no rule: the consonant alone
                return 1
            }
        }
        guard ThaiScript.isConsonant(next) else { return 1 }  // every rule of a leading vowel
        switch first {
        case 0x0E40:  // เ
            let second = at(2)
            if second == 0x0E47 && isConsonant(3) { return withEnding(4) }  // "เc็ck"
            if ThaiScript.isConsonant(second) {
                let t = tone(3)
                if at(3 + t) == 0x0E32 && at(4 + t) == 0x0E30 { return withEnding(5 + t) }  // "เcctาะk"
                if at(3) == 0x0E35 {
                    let t = tone(4)
                    if at(4 + t) == 0x0E22 {
                        if at(5 + t) == 0x0E30 { return withEnding(6 + t) }  // "เccีtยะk"
                        if isLookahead(5 + t) { return withEnding(5 + t) }  // "เccีtย>k"
                    }
                }
                if at(3) == 0x0E47 && isConsonant(4) { return withEnding(5) }  // "เcc็ck"
            }
            let t = tone(3)
            switch second {
            case 0x0E34:  // ิ
                if isConsonant(3) && at(4) == 0x0E4C && isConsonant(5) { return withEnding(6) }  // "เcิc์ck"
                if isConsonant(3 + t) { return withEnding(4 + t) }  // "เcิtck"
            case 0x0E35:  // ี: "เcีtยะ?k"
                if at(3 + t) == 0x0E22 { return withEnding(at(4 + t) == 0x0E30 ? 5 + t : 4 + t) }
            case 0x0E37:  // ื: "เcืtอะ?k"
                if at(3 + t) == 0x0E2D { return withEnding(at(4 + t) == 0x0E30 ? 5 + t : 4 + t) }
            case 0x0E38, 0x0E39:  // ุ ู: "เc[ิีุู]tย>k" (ิ and ี matched a rule above when ย follows)
                if at(3 + t) == 0x0E22 && isLookahead(4 + t) { return withEnding(4 + t) }
            default:
                break
            }
            // "เctา?ะ?k"
            var length = 2 + tone(2)
            if at(length) == 0x0E32 { length += 1 }
            if at(length) == 0x0E30 { length += 1 }
            return withEnding(length)
        case 0x0E41:  // แ
            if at(2) == 0x0E47 && isConsonant(3) { return 4 }  // "แc็c"
            if isConsonant(2) && at(3) == 0x0E4C { return 4 }  // "แcc์"
            let t = tone(2)
            if at(2 + t) == 0x0E30 { return 3 + t }  // "แctะ"
            if isConsonant(2) && at(3) == 0x0E47 && isConsonant(4) { return 5 }  // "แcc็c"
            if isConsonant(2) && isConsonant(3) && at(4) == 0x0E4C { return 5 }  // "แccc์"
            return 2 + t  // "[เ-ไ]ct"
        case 0x0E42:  // โ: "โctะ", else "[เ-ไ]ct"
            var length = 2 + tone(2)
            if at(length) == 0x0E30 { length += 1 }
            return length
        case 0x0E43, 0x0E44:  // ใ ไ: "[เ-ไ]ct"
            return 2 + tone(2)
        default:  // no rule starts with anything else
            return 1
        }
    }

    /// The length of the silent ending `k` at `position` (consonant, optional consonant,
    /// optional ุ ู ิ, then ์), trying the optional parts present first; 0 if there is none.
    @inline(__always)
    static func endingLength(_ run: UnsafeBufferPointer<Unicode.Scalar>, _ position: Int) -> Int {
        let text = run.baseAddress!, count = run.count
        @inline(__always) func at(_ index: Int) -> UInt32 { index < count ? text[index].value : 0 }
        @inline(__always) func isVowel(_ value: UInt32) -> Bool { value == 0x0E38 || value == 0x0E39 || value == 0x0E34 }
        guard ThaiScript.isConsonant(at(position)) else { return 0 }
        if ThaiScript.isConsonant(at(position + 1)) {
            if isVowel(at(position + 2)) && at(position + 3) == 0x0E4C { return 4 }
            if at(position + 2) == 0x0E4C { return 3 }
        }
        if isVowel(at(position + 1)) && at(position + 2) == 0x0E4C { return 3 }
        if at(position + 1) == 0x0E4C { return 2 }
        return 0
    }

    /// The clusters of `text` as strings (for tests and diagnostics); with `rulesOnly`, found
    /// by the rule matcher alone, without ``directLength(_:_:)``.
    static func clusters(_ text: String, rulesOnly: Bool = false) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var boundary: [Bool] = []
        scalars.withUnsafeBufferPointer { run in
            if rulesOnly {
                boundary = [Bool](repeating: false, count: run.count + 1)
                boundary[0] = true
                var position = 0
                while position < run.count {
                    position += compiled.clusterLength(in: run, at: position)
                    boundary[position] = true
                }
            } else {
                boundary = [Bool](repeating: false, count: run.count + 1)
                boundary.withUnsafeMutableBufferPointer { markBoundaries(of: run, into: $0) }
            }
        }
        var result: [String] = []
        var start = 0
        for end in 1..<max(boundary.count, 1) where boundary[end] {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            result.append(String(view))
            start = end
        }
        return result
    }

    static let compiled = Table(rules: rules)

    // MARK: The compiled rules

    /// A set of scalars of the Thai block, as a 128-bit mask.
    struct ScalarSet: Sendable {
        var low: UInt64 = 0, high: UInt64 = 0

        mutating func insert(_ value: UInt32) {
            let offset = value &- 0x0E00
            precondition(offset < 128, "TCC rule scalar U+\(String(value, radix: 16)) is outside the Thai block")
            if offset < 64 { low |= 1 << UInt64(offset) } else { high |= 1 << UInt64(offset - 64) }
        }

        @inline(__always)
        func contains(_ value: UInt32) -> Bool {
            let offset = value &- 0x0E00
            if offset < 64 { return low & (1 << UInt64(offset)) != 0 }
            if offset < 128 { return high & (1 << UInt64(offset - 64)) != 0 }
            return false
        }

        static func range(_ first: UInt32, _ last: UInt32) -> ScalarSet {
            var set = ScalarSet()
            for value in first...last { set.insert(value) }
            return set
        }
    }

    /// One step of a rule: a scalar from `set`, possibly optional; or a look-ahead that
    /// consumes nothing and succeeds at the end of the run or before a scalar of `set`.
    struct Element: Sendable {
        var set: ScalarSet
        var optional = false
        var lookahead = false
    }

    /// The rules compiled into flat storage, read through pointers in the hot loop. Built once
    /// (``compiled``) and never changed, so sharing it between threads is safe.
    final class Table: @unchecked Sendable {
        /// The elements of rule r are `elements[variantStart[r]..<variantStart[r + 1]]`.
        private let elements: UnsafeMutableBufferPointer<Element>
        private let variantStart: UnsafeMutableBufferPointer<Int32>
        /// Whether rule r ends with `k`.
        private let hasEnding: UnsafeMutableBufferPointer<Bool>
        /// The set rule r's second scalar must be in, when that element is required (a quick
        /// rejection before matching); an empty set when it is optional or absent.
        private let second: UnsafeMutableBufferPointer<ScalarSet>
        /// The elements of `k`: consonant, optional consonant, optional ุ ู ิ, ์.
        private let ending: UnsafeMutableBufferPointer<Element>
        /// For the scalar U+0E00 + i, the variants whose first element accepts it, in rule order:
        /// `candidates[candidateStart[i]..<candidateStart[i + 1]]`.
        private let candidates: UnsafeMutableBufferPointer<Int32>
        private let candidateStart: UnsafeMutableBufferPointer<Int32>

        init(rules: [String]) {
            let consonant = ScalarSet.range(0x0E01, 0x0E2E)
            var lowerOrI = ScalarSet()
            for value: UInt32 in [0x0E38, 0x0E39, 0x0E34] { lowerOrI.insert(value) }
            var thanthakhat = ScalarSet()
            thanthakhat.insert(0x0E4C)
            ending = .allocate(capacity: 4)
            _ = ending.initialize(from: [Element(set: consonant), Element(set: consonant, optional: true),
                                         Element(set: lowerOrI, optional: true), Element(set: thanthakhat)])
            var variants: [[Element]] = []
            hasEnding = .allocate(capacity: rules.count)
            second = .allocate(capacity: rules.count)
            for (index, rule) in rules.enumerated() {
                let (elements, ends) = Self.parse(rule)
                precondition(elements.filter(\.optional).count <= 4, "match keeps four choice points: \(rule)")
                variants.append(elements)
                hasEnding[index] = ends
                let required = elements.count > 1 && !elements[1].optional && !elements[1].lookahead
                second[index] = required ? elements[1].set : ScalarSet()
            }
            var candidateLists = [[Int32]](repeating: [], count: 128)
            for (index, variant) in variants.enumerated() {
                for offset in 0..<128 where variant[0].set.contains(0x0E00 + UInt32(offset)) {
                    candidateLists[offset].append(Int32(index))
                }
            }
            elements = .allocate(capacity: variants.reduce(0) { $0 + $1.count })
            variantStart = .allocate(capacity: variants.count + 1)
            var next = 0
            for (index, variant) in variants.enumerated() {
                variantStart[index] = Int32(next)
                for element in variant {
                    elements[next] = element
                    next += 1
                }
            }
            variantStart[variants.count] = Int32(next)
            candidates = .allocate(capacity: candidateLists.reduce(0) { $0 + $1.count })
            candidateStart = .allocate(capacity: 129)
            next = 0
            for (offset, list) in candidateLists.enumerated() {
                candidateStart[offset] = Int32(next)
                for variant in list {
                    candidates[next] = variant
                    next += 1
                }
            }
            candidateStart[128] = Int32(next)
        }

        deinit {
            elements.deallocate()
            variantStart.deallocate()
            hasEnding.deallocate()
            second.deallocate()
            ending.deallocate()
            candidates.deallocate()
            candidateStart.deallocate()
        }

        /// Parses the notation described on ``ThaiClusters``.
        static func parse(_ rule: String) -> (elements: [Element], hasEnding: Bool) {
            let consonant = ScalarSet.range(0x0E01, 0x0E2E)
            let tones = ScalarSet.range(0x0E48, 0x0E4B)
            let scalars = Array(rule.unicodeScalars)
            var elements: [Element] = []
            var hasEnding = false
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "c":
                    elements.append(Element(set: consonant))
                case "t":
                    elements.append(Element(set: tones, optional: true))
                case "k":
                    precondition(index == scalars.count, "k must end a TCC rule: \(rule)")
                    hasEnding = true
                case "?":
                    elements[elements.count - 1].optional = true
                case ">":
                    var set = ScalarSet.range(0x0E40, 0x0E44)
                    set.low |= consonant.low
                    elements.append(Element(set: set, lookahead: true))
                case "[":
                    var set = ScalarSet()
                    while scalars[index] != "]" {
                        if scalars[index + 1] == "-" {
                            let range = ScalarSet.range(scalars[index].value, scalars[index + 2].value)
                            set.low |= range.low
                            set.high |= range.high
                            index += 3
                        } else {
                            set.insert(scalars[index].value)
                            index += 1
                        }
                    }
                    index += 1
                    elements.append(Element(set: set))
                default:
                    var set = ScalarSet()
                    set.insert(scalar.value)
                    elements.append(Element(set: set))
                }
            }
            return (elements, hasEnding)
        }

        /// The length of the cluster that starts at `position` (at least 1).
        @inline(__always)
        func clusterLength(in run: UnsafeBufferPointer<Unicode.Scalar>, at position: Int) -> Int {
            let offset = Int(run[position].value &- 0x0E00)
            guard offset < 128 else { return 1 }
            let next = position + 1 < run.count ? run[position + 1].value : 0
            for candidate in Int(candidateStart[offset])..<Int(candidateStart[offset + 1]) {
                let variant = Int(candidates[candidate])
                let required = second[variant]
                if required.low | required.high != 0 && !required.contains(next) { continue }
                let first = Int(variantStart[variant]), end = Int(variantStart[variant + 1])
                guard let stop = Self.match(elements.baseAddress! + first, end - first, run, position) else { continue }
                if hasEnding[variant], let longer = Self.match(ending.baseAddress!, 4, run, stop) {
                    return longer - position
                }
                return stop - position
            }
            return 1
        }

        /// The end of the first match of the `count` elements at `element` at `position`,
        /// trying optional elements present before absent (backtracking), or nil.
        ///
        /// Iterative: each optional element that consumed a scalar leaves a choice point
        /// (element, position), packed 16 bits each into `choices`; rules have at most four.
        @inline(__always)
        private static func match(
            _ element: UnsafePointer<Element>, _ count: Int, _ run: UnsafeBufferPointer<Unicode.Scalar>, _ position: Int
        ) -> Int? {
            let text = run.baseAddress!
            let length = run.count
            var index = 0, at = position
            var choices: UInt64 = 0, depth = 0
            while true {
                if index == count { return at }
                let step = element[index]
                var advance = false
                if step.lookahead {
                    advance = at == length || step.set.contains(text[at].value)
                    if advance { index += 1 }
                } else if at < length && step.set.contains(text[at].value) {
                    if step.optional && depth < 4 {
                        choices = choices << 16 | UInt64(index + 1) << 8 | UInt64(at - position)
                        depth += 1
                    }
                    index += 1
                    at += 1
                    advance = true
                } else if step.optional {
                    index += 1
                    advance = true
                }
                if !advance {
                    guard depth > 0 else { return nil }
                    index = Int(choices >> 8 & 0xFF)
                    at = position + Int(choices & 0xFF)
                    choices >>= 16
                    depth -= 1
                }
            }
        }
    }
}
