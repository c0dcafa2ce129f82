import Foundation

/// One of Thailand's 77 provinces (จังหวัด; Bangkok counted as one), with its names, region and
/// centroid.
///
/// Codes are the Department of Provincial Administration's (DOPA) two-digit codes, 10 (Bangkok)
/// … 96 (Narathiwat), the same as in ISO 3166-2:TH ("TH-10"). The table is
/// `Resources/reference/provinces.csv` (sources and licences in the `SOURCE.md` there), read once
/// on first use. Two provinces are equal when their codes are.
public struct Province: Hashable, Sendable, CustomStringConvertible {
    /// DOPA code, 10 … 96.
    public let code: UInt8
    /// Everything else, shared: a province is copied on every parse.
    private let details: Details

    /// Thai name ("กรุงเทพมหานคร", "เชียงใหม่").
    public var nameThai: String { details.nameThai }
    /// English name ("Bangkok", "Lop Buri", "Phang-nga").
    public var nameEnglish: String { details.nameEnglish }
    /// The region in the six-region scheme.
    public var region: Region { details.region }
    /// Latitude of the centroid of the province's area, degrees north (about 1 km accurate).
    public var latitude: Double { details.latitude }
    /// Longitude of the centroid, degrees east.
    public var longitude: Double { details.longitude }
    /// Thai abbreviation ("กทม", "ชม").
    public var abbreviationThai: String { details.abbreviationThai }
    /// Three-letter Latin code ("BKK", "CMI").
    public var threeLetterCode: String { details.threeLetterCode }
    /// OCHA's English spelling (differs from ``nameEnglish`` only for Phangnga).
    var nameEnglishOCHA: String { details.nameEnglishOCHA }

    /// The columns of one row of the table.
    private final class Details: Sendable {
        let nameThai: String, nameEnglish: String, region: Region, latitude: Double, longitude: Double
        let abbreviationThai: String, threeLetterCode: String, nameEnglishOCHA: String

        init(_ record: [String: String]) throws(TextResourceError) {
            guard let region = UInt8(record["region6_id"]!).flatMap(Region.init(rawValue:)),
                  let latitude = Double(record["centroid_lat"]!), let longitude = Double(record["centroid_lon"]!),
                  !record["name_th"]!.isEmpty, !record["name_en"]!.isEmpty
            else {
                throw TextResourceError(resource: "reference/provinces.csv", problem: "has a malformed province")
            }
            (nameThai, nameEnglish, nameEnglishOCHA) = (record["name_th"]!, record["name_en"]!, record["name_en_ocha"]!)
            (self.region, self.latitude, self.longitude) = (region, latitude, longitude)
            (abbreviationThai, threeLetterCode) = (record["abbreviation_th"]!, record["code3"]!)
        }
    }

    /// The ISO 3166-2 code, "TH-10".
    public var iso3166_2: String { "TH-\(code)" }

    /// "10 Bangkok".
    public var description: String { "\(code) \(nameEnglish)" }

    /// The province of DOPA code `code`, or nil when there is none.
    public init?(code: UInt8) {
        guard let index = Self.indexByCode(code) else { return nil }
        self = Self.all[index]
    }

    /// All 77 provinces, in order of code.
    public static let all: [Province] = {
        switch loaded {
        case .success(let provinces): return provinces
        case .failure(let error): fatalError("\(error)")
        }
    }()

    /// Great-circle distance between the two centroids (haversine, mean Earth radius
    /// 6371.0088 km), in kilometres.
    public func distanceKilometres(to other: Province) -> Double {
        let radians = Double.pi / 180
        let φ1 = latitude * radians, φ2 = other.latitude * radians
        let Δφ = φ2 - φ1, Δλ = (other.longitude - longitude) * radians
        let sinΔφ = sin(Δφ / 2), sinΔλ = sin(Δλ / 2)
        let a = sinΔφ * sinΔφ + cos(φ1) * cos(φ2) * sinΔλ * sinΔλ
        return 2 * 6371.0088 * asin(min(1, a.squareRoot()))
    }

    public static func == (lhs: Province, rhs: Province) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A region in the six-region scheme (ภาค) of the National Geographical Committee.
    public enum Region: UInt8, CaseIterable, Sendable {
        case north = 1, central, northeast, west, east, south

        /// ภาคเหนือ, ภาคกลาง, ภาคตะวันออกเฉียงเหนือ, ภาคตะวันตก, ภาคตะวันออก, ภาคใต้.
        public var nameThai: String {
            switch self {
            case .north: "ภาคเหนือ"
            case .central: "ภาคกลาง"
            case .northeast: "ภาคตะวันออกเฉียงเหนือ"
            case .west: "ภาคตะวันตก"
            case .east: "ภาคตะวันออก"
            case .south: "ภาคใต้"
            }
        }

        /// North, Central, Northeast, West, East, South.
        public var nameEnglish: String {
            switch self {
            case .north: "North"
            case .central: "Central"
            case .northeast: "Northeast"
            case .west: "West"
            case .east: "East"
            case .south: "South"
            }
        }
    }

    // MARK: Loading

    /// Index in ``all`` by code.
    @inline(__always)
    static func indexByCode(_ code: UInt8) -> Int? {
        let index = codeIndex[Int(code)]
        return index < 0 ? nil : Int(index)
    }

    private static let codeIndex: [Int8] = {
        var index = [Int8](repeating: -1, count: 256)
        for (position, province) in all.enumerated() { index[Int(province.code)] = Int8(position) }
        return index
    }()

    static let loaded = Result { () throws(TextResourceError) -> [Province] in
        let columns = ["province_code", "name_th", "name_en", "name_en_ocha", "region6_id",
                       "centroid_lat", "centroid_lon", "abbreviation_th", "code3"]
        let records = try ReferenceTables.records(of: "provinces", columns: columns)
        var provinces: [Province] = []
        for record in records {
            guard let code = UInt8(record["province_code"]!), (10...96).contains(code) else {
                throw TextResourceError(resource: "reference/provinces.csv", problem: "has a malformed province code")
            }
            provinces.append(Province(code: code, details: try Details(record)))
        }
        provinces.sort { $0.code < $1.code }
        guard provinces.count == 77, Set(provinces.map(\.code)).count == 77 else {
            throw TextResourceError(resource: "reference/provinces.csv", problem: "does not hold 77 distinct provinces")
        }
        return provinces
    }

    private init(code: UInt8, details: Details) {
        self.code = code
        self.details = details
    }
}
