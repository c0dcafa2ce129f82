extension Province {
    /// Parses the UTF-8 bytes of one field, surrounding whitespace ignored. Accepted:
    /// - the DOPA code, "10", or the ISO 3166-2 code, "TH-10" (two digits, ASCII or Thai);
    /// - the Thai name ("เชียงใหม่"), with or without "จังหวัด" or "จ." in front;
    /// - the Thai abbreviation ("ชม", "กทม"), and for Bangkok also "กรุงเทพฯ" and "กรุงเทพ";
    /// - the English name ("Chiang Mai"), OCHA's spelling, and a few common variants
    ///   ("Ayutthaya", "Korat", "Bangkok Metropolis"), with or without "Province" after it;
    /// - the three-letter code ("CMI", "BKK").
    ///
    /// Names are compared ignoring ASCII case, spaces, hyphens, dots and apostrophes, so
    /// "Lop Buri" is "Lopburi", "Phang-nga" is "Phangnga" and "Chon Buri" is "Chonburi".
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.unknown("unknown province")` otherwise.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let index = Self.index(of: field) else { throw .unknown("unknown province") }
        self = Self.all[index]
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try Province(parsing: bytes) }
    }

    /// The index in ``all`` of the province that trimmed, non-empty `field` names, or nil.
    private static func index(of field: UnsafeBufferPointer<UInt8>) -> Int? {
        var scanner = ByteScanner(field)
        _ = scanner.take("TH-")
        let (code, count) = scanner.digits(maximum: 2)
        if count > 0 {
            guard count == 2, scanner.isAtEnd, let index = indexByCode(UInt8(code)) else { return nil }
            return index
        }
        if let code = names.lookup(field) { return indexByCode(code) }
        for prefix in prefixes where field.starts(with: prefix) {
            let rest = UnsafeBufferPointer(rebasing: field[prefix.count...])
            if let code = names.lookup(rest) { return indexByCode(code) }
        }
        if field.count > 8 {
            let end = field.count - 8
            if FieldBytes.equalsIgnoringCase(UnsafeBufferPointer(rebasing: field[end...]), "province"),
               let code = names.lookup(UnsafeBufferPointer(rebasing: field[..<end]))
            {
                return indexByCode(code)
            }
        }
        return nil
    }

    /// "จังหวัด" (province) and its abbreviation "จ.", which may come before a Thai name.
    private static let prefixes = [Array("จังหวัด".utf8), Array("จ.".utf8)]

    /// Every name of every province, to its code.
    static let names: NameTable<UInt8> = {
        var entries: [(String, UInt8)] = []
        for province in all {
            for name in [province.nameThai, province.nameEnglish, province.nameEnglishOCHA,
                         province.abbreviationThai, province.threeLetterCode] {
                entries.append((name, province.code))
            }
        }
        for (code, names) in aliases {
            for name in names { entries.append((name, code)) }
        }
        return NameTable(entries)
    }()

    /// Names besides those of the table: Bangkok's many forms and common short or older
    /// spellings.
    static let aliases: [(UInt8, [String])] = [
        (10, ["กรุงเทพฯ", "กรุงเทพ", "กรุงเทพมหานคร", "Bangkok Metropolis", "Bangkok Metropolitan",
              "Krung Thep", "Krung Thep Maha Nakhon"]),
        (14, ["อยุธยา", "Ayutthaya", "Ayudhya", "Ayuthaya"]),
        (30, ["โคราช", "Korat", "Khorat"]),
        (33, ["Srisaket", "Sisaket"]),
        (34, ["อุบล", "Ubon"]),
        (41, ["อุดร", "Udon"]),
        (76, ["Petchaburi", "Phetburi"]),
        (67, ["Petchabun"]),
        (80, ["นครศรีฯ", "Nakhon Sri Thammarat"]),
        (84, ["สุราษฎร์", "Surat"]),
    ]
}
