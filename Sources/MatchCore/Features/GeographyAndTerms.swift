import Foundation

/// The geography block: `[x, y, z | 77 province dimensions | one slot per fitted country abroad
/// | other countries | relocation]`.
///
/// A place in Thailand is two parts, mixed by ``FeatureConfiguration/provinceKernelShare``:
///
/// - a point on a unit sphere placed so that the angle between two provinces is about
///   `π × distance / geographyScaleKilometres`: Thailand's north–south axis runs along the
///   sphere's equator and its east–west axis along a meridian (the smaller extent, where the
///   map's stretching is least), so the cosine falls with distance all across the country (2,000
///   km by default: 0.95 at 200 km, 0.6 at 600 km, −0.8 at the 1,650 km from Chiang Rai to
///   Narathiwat);
/// - the province's row of `K^½` for the 77 × 77 kernel `K = exp(−distance / length)` between
///   province centroids (``ProvinceKernel``), so that two provinces' inner product is exactly
///   their kernel value: 1 for the same province, 0.8 at 30 km, 0.26 at 200 km, about 0 beyond
///   500 km. The sphere alone falls too slowly for commuting distances; the kernel alone says
///   nothing beyond a few hundred kilometres.
///
/// - A seeker's Thai part is the normalised sum of home and preferred provinces. A seeker
///   willing to relocate moves ``FeatureConfiguration/relocationShare`` of it to the
///   relocation slot, which no vacancy uses: the block still has norm 1, and similarity falls
///   with distance `√(1 − share)` times as steeply.
/// - A work-abroad registrant's destinations are a normalised one-hot over the country slots,
///   taking ``FeatureConfiguration/abroadShare`` of the block when there is a Thai part too.
/// - A vacancy in Thailand is its province's place; a vacancy abroad is its country's slot.
enum Geography {
    /// Thailand's centre, where the map is least stretched (degrees).
    static let centreLatitude = 13.0
    static let centreLongitude = 101.0
    static let kilometresPerDegree = 111.195
    static let provinces = Province.all.count

    static func dimension(countries: Int) -> Int { 3 + provinces + countries + 1 + 1 }

    /// The unit vector of a point.
    static func point(latitude: Double, longitude: Double, scaleKilometres: Double) -> SIMD3<Double> {
        let north = (latitude - centreLatitude) * kilometresPerDegree
        let east = (longitude - centreLongitude) * kilometresPerDegree * cos(latitude * .pi / 180)
        let alpha = Double.pi * north / scaleKilometres
        let beta = Double.pi * east / scaleKilometres
        return SIMD3(cos(beta) * cos(alpha), cos(beta) * sin(alpha), sin(beta))
    }

    /// Adds `weight` × the place of `province` (sphere and kernel parts, norm `weight`) to the
    /// first 3 + 77 entries of `block`.
    static func addPlace(
        _ province: Province, weight: Double, kernel: ProvinceKernel, configuration: FeatureConfiguration,
        to block: UnsafeMutableBufferPointer<Float>
    ) {
        let share = Double(configuration.provinceKernelShare)
        let sphere = point(latitude: province.latitude, longitude: province.longitude,
                           scaleKilometres: configuration.geographyScaleKilometres) * ((1 - share).squareRoot() * weight)
        for axis in 0..<3 { block[axis] += Float(sphere[axis]) }
        let scale = Float(share.squareRoot() * weight)
        kernel.withRow(of: province) { row in
            for index in 0..<provinces { block[3 + index] += scale * row[index] }
        }
    }

    /// The slot of a country abroad: its own, or the shared one after the fitted countries.
    static func slot(of country: CountryCode, countries: [CountryCode]) -> Int {
        countries.firstIndex(of: country) ?? countries.count
    }

    static func encode(
        _ seeker: SeekerProfile, countries: [CountryCode], kernel: ProvinceKernel, configuration: FeatureConfiguration,
        into block: UnsafeMutableBufferPointer<Float>
    ) {
        block.update(repeating: 0)
        var places: [Province] = []
        if let province = seeker.province { places.append(province) }
        for province in seeker.preferredProvinces where !places.contains(province) { places.append(province) }
        for province in places { addPlace(province, weight: 1, kernel: kernel, configuration: configuration, to: block) }
        let thai = UnsafeMutableBufferPointer(rebasing: block[0..<(3 + provinces)])
        var homeLength: Float = 0
        for value in thai { homeLength += value * value }
        homeLength = homeLength.squareRoot()
        let abroad = seeker.destinations.filter { $0 != .thailand }
        let hasHome = homeLength > 0, hasAbroad = !abroad.isEmpty
        guard hasHome || hasAbroad else { return }
        let abroadShare = hasHome && hasAbroad ? configuration.abroadShare : (hasAbroad ? 1 : 0)
        if hasHome {
            let relocation = seeker.willingToRelocate ? configuration.relocationShare : 0
            let scale = ((1 - abroadShare) * (1 - relocation)).squareRoot() / homeLength
            for index in thai.indices { thai[index] *= scale }
            block[block.count - 1] = ((1 - abroadShare) * relocation).squareRoot()
        }
        if hasAbroad {
            var slots: [Int: Int] = [:]
            for country in abroad { slots[slot(of: country, countries: countries), default: 0] += 1 }
            let length = Float(slots.values.reduce(0) { $0 + $1 * $1 }).squareRoot()
            for (slot, count) in slots { block[3 + provinces + slot] = Float(count) / length * abroadShare.squareRoot() }
        }
    }

    static func encode(
        _ vacancy: Vacancy, countries: [CountryCode], kernel: ProvinceKernel, configuration: FeatureConfiguration,
        into block: UnsafeMutableBufferPointer<Float>
    ) {
        block.update(repeating: 0)
        if let country = vacancy.country, country != .thailand {
            block[3 + provinces + slot(of: country, countries: countries)] = 1
        } else if let province = vacancy.province {
            addPlace(province, weight: 1, kernel: kernel, configuration: configuration, to: block)
            normalize(block)
        }
    }
}

/// The rows of `K^½` for the kernel `K[p, q] = exp(−distance(p, q) / length)` between the 77
/// province centroids: row p · row q = K[p, q] exactly (the exponential kernel is positive
/// definite, so no approximation is needed at 77 dimensions). Computed from the province table
/// and the length alone, so it is not saved with a space.
struct ProvinceKernel: Sendable {
    let lengthKilometres: Double
    private let rows: [Float]

    init(lengthKilometres: Double) {
        self.lengthKilometres = lengthKilometres
        let provinces = Province.all
        let n = provinces.count
        var kernel = [Double](repeating: 0, count: n * n)
        for (i, p) in provinces.enumerated() {
            for (j, q) in provinces.enumerated() { kernel[i * n + j] = exp(-p.distanceKilometres(to: q) / lengthKilometres) }
        }
        let eigen = SymmetricEigen(symmetric: kernel, n: n)
        var rows = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n { rows[i * n + k] = Float(eigen.vectors[k][i] * max(eigen.values[k], 0).squareRoot()) }
        }
        self.rows = rows
    }

    /// Calls `body` with the row of `province` (77 values).
    func withRow(of province: Province, _ body: (UnsafeBufferPointer<Float>) -> Void) {
        let n = Province.all.count
        let index = Province.all.firstIndex(of: province)!
        rows.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[index * n..<(index + 1) * n])) }
    }
}

/// The terms block: education, experience and wage, each a part of its own so that meeting a
/// requirement scores high whatever the margin.
///
/// For a requirement with K ordered levels, the side that must reach it gets a *padded
/// thermometer*, `[1 … 1 (levels 0…have), 0 … 0, √(K − 1 − have)] / √K`, and the side that sets
/// it a one-hot at the required level: both have norm 1, and their inner product is `1/√K`
/// when `have ≥ required` and 0 otherwise (no penalty for more than needed).
///
/// - Education: the seeker's level (9 levels, ``EducationLevel``) against the vacancy's minimum
///   (none if not given).
/// - Experience: the seeker's years against the vacancy's minimum, in bands starting at 0, 1,
///   2, 3, 5, 8 and 12 years.
/// - Wage: the other way round: the vacancy's offer (the top of its range, monthly) must reach
///   the seeker's expected monthly wage, in bands fitted as quantiles of the corpus's wages.
///
/// A value that is not known (or not finite) leaves its part zero. The block is then
/// L2-normalised.
enum Terms {
    static let educationLevels = EducationLevel.allCases.count
    static let experienceCuts: [Double] = [1, 2, 3, 5, 8, 12]

    static func dimension(wageBands: Int) -> Int { (educationLevels + 1) + (experienceCuts.count + 2) + (wageBands + 1) }

    static func experienceBand(_ years: Double) -> Int { experienceCuts.firstIndex { years < $0 } ?? experienceCuts.count }

    static func wageBand(_ monthly: Int, cuts: [Int]) -> Int { cuts.firstIndex { monthly < $0 } ?? cuts.count }

    /// The parts' column ranges within the block.
    static func parts(wageBands: Int) -> (education: Range<Int>, experience: Range<Int>, wage: Range<Int>) {
        let education = 0..<(educationLevels + 1)
        let experience = education.upperBound..<(education.upperBound + experienceCuts.count + 2)
        let wage = experience.upperBound..<(experience.upperBound + wageBands + 1)
        return (education, experience, wage)
    }

    static func thermometer(_ have: Int, levels: Int, into part: UnsafeMutableBufferPointer<Float>) {
        let scale = 1 / Float(levels).squareRoot()
        for level in 0...have { part[level] = scale }
        part[levels] = Float(levels - 1 - have).squareRoot() * scale
    }

    static func encode(_ seeker: SeekerProfile, wageCuts: [Int], into block: UnsafeMutableBufferPointer<Float>) {
        block.update(repeating: 0)
        let parts = parts(wageBands: wageCuts.count + 1)
        if let education = seeker.education {
            thermometer(Int(education.rawValue), levels: educationLevels, into: UnsafeMutableBufferPointer(rebasing: block[parts.education]))
        }
        if let years = seeker.experienceYears, years.isFinite {
            thermometer(experienceBand(years), levels: experienceCuts.count + 1, into: UnsafeMutableBufferPointer(rebasing: block[parts.experience]))
        }
        if let wage = seeker.expectedMonthlyWage {
            block[parts.wage.lowerBound + wageBand(wage, cuts: wageCuts)] = 1
        }
        normalize(block)
    }

    static func encode(_ vacancy: Vacancy, wageCuts: [Int], into block: UnsafeMutableBufferPointer<Float>) {
        block.update(repeating: 0)
        let parts = parts(wageBands: wageCuts.count + 1)
        block[parts.education.lowerBound + Int(vacancy.minEducation?.rawValue ?? 0)] = 1
        let required = vacancy.minExperienceYears.flatMap { $0.isFinite ? $0 : nil } ?? 0
        block[parts.experience.lowerBound + experienceBand(required)] = 1
        if let offer = vacancy.monthlyWageMax ?? vacancy.monthlyWageMin {
            thermometer(wageBand(offer, cuts: wageCuts), levels: wageCuts.count + 1, into: UnsafeMutableBufferPointer(rebasing: block[parts.wage]))
        }
        normalize(block)
    }
}
