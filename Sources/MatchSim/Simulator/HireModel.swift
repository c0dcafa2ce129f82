import Foundation

/// The hidden truth: how likely a seeker who considers a vacancy is to end up hired there.
///
/// `probability = applyRate × apply × (1 − withdrawRate) × min(1, hire × noise)`: the chance that a seeker who views
/// the vacancy applies and is hired. The simulation draws its events with these chances, and
/// hires only while the position is free, the posting open and the seeker still looking.
/// - **apply** (the seeker's side): occupational interest × wage acceptability × distance
///   acceptability × taste for the employer's size, and zero when the seeker may not take the
///   job (a foreign worker and a vacancy not open to foreign workers, or work abroad without a
///   work-abroad registration);
/// - **hire** (the employer's side): a logistic function of skill coverage (essential skills
///   count double) and experience, shifted by the employer's effect, times an education
///   threshold;
/// - **noise**: a log-normal factor fixed for each pair.
///
/// No single engine feature equals it: the engine sees declared skills (a subset of the true
/// ones, plus some claimed falsely), provinces (not the seeker's exact location), the listed
/// education (not the true threshold) and the stated wage (not the seeker's floor).
public struct HireModel: Sendable, Codable, Equatable {
    /// Occupational interest by relation: same unit group, the seeker's second occupation,
    /// same minor group (3 digits), same sub-major group (2 digits), else.
    public var interestSame = 1.0
    public var interestSecond = 0.7
    public var interestMinor = 0.4
    public var interestSubMajor = 0.15
    public var interestOther = 0.03
    /// Wage acceptability: logistic in (offered / floor − 1) with this slope.
    public var wageSlope = 9.0
    /// Distance acceptability: logistic in (km − tolerance) / (tolerance × this + 3).
    public var distanceSoftness = 0.25
    /// Seekers willing to relocate accept any distance with at least this factor.
    public var relocateFloor = 0.5
    /// Employer side: logistic(intercept + coverageWeight × coverage^coveragePower + experience
    /// × min(years over the minimum, 5) + employer effect).
    public var hireIntercept = -3.2
    public var coverageWeight = 5.0
    public var coveragePower = 1.5
    public var experienceWeight = 0.12
    /// Education threshold factors: one level below the true minimum, two or more below.
    public var educationOneBelow = 0.3
    public var educationFarBelow = 0.03
    /// Spread of the pair noise (log scale).
    public var noiseSigma = 0.3
    /// Share of viewed vacancies a seeker with apply = 1 applies to.
    public var applyRate = 0.6
    /// Share of applications withdrawn before the employer decides.
    public var withdrawRate = 0.03

    public init() {}

    /// The seeker's side, in [0, 1].
    func apply(seeker s: SimSeeker, vacancy v: SimVacancy, employerSize: Float, world: SimWorld) -> Double {
        if s.nationality != 0 && !v.foreignWorkers { return 0 }
        if v.country != 0 && !s.has(.workAbroad) { return 0 }
        let interest = self.interest(seeker: s, occupation: Int(v.occupation), world: world)
        let offered = Double(v.wageMin + v.wageMax) / 2
        let wage = offered > 0 ? logistic(wageSlope * (offered / Double(s.wageFloor) - 1)) : 0.5
        let distance = v.country == 0 ? distanceAcceptance(seeker: s, vacancy: v) : 1
        let taste = min(1.5, max(0.5, 1 + Double(s.sizeTaste) * (log10(Double(max(employerSize, 1))) - 2) / 2))
        return min(1, 0.85 * interest * wage * distance * taste)
    }

    /// Distance acceptability of a vacancy in Thailand: logistic in how far it is beyond the
    /// seeker's commuting tolerance; at least ``relocateFloor`` for seekers willing to move.
    func distanceAcceptance(seeker s: SimSeeker, vacancy v: SimVacancy) -> Double {
        let km = kilometres(s.latitude, s.longitude, v.latitude, v.longitude)
        let tolerance = Double(s.commuteKm)
        let distance = logistic(-(km - tolerance) / (tolerance * distanceSoftness + 3))
        return s.relocate ? max(distance, relocateFloor) : distance
    }

    /// The employer's side, in [0, 1].
    func hire(seeker s: SimSeeker, vacancy v: SimVacancy, employerEffect: Float, world: SimWorld) -> Double {
        let coverage = world.coverage(seeker: s, vacancy: v)
        let extra = Double(min(5, max(-5, Int(s.experience) - Int(v.minExperience))))
        var p = logistic(hireIntercept + coverageWeight * pow(coverage, coveragePower)
            + experienceWeight * extra + Double(employerEffect))
        let gap = Int(v.minEducation) - Int(s.education)
        if gap == 1 { p *= educationOneBelow } else if gap >= 2 { p *= educationFarBelow }
        return p
    }

    func interest(seeker s: SimSeeker, occupation: Int, world: SimWorld) -> Double {
        if occupation == Int(s.occupation) { return interestSame }
        if occupation == Int(s.secondOccupation) { return interestSecond }
        let a = world.occupationCodes[Int(s.occupation)]
        let b = world.occupationCodes[occupation]
        if a / 10 == b / 10 { return interestMinor }
        if a / 100 == b / 100 { return interestSubMajor }
        return interestOther
    }

    /// The pair's true hire probability.
    func probability(seeker: Int, vacancy: Int, world: SimWorld) -> Double {
        let s = world.seekers[seeker]
        let v = world.vacancies[vacancy]
        let employer = world.employers[Int(v.employer)]
        let a = apply(seeker: s, vacancy: v, employerSize: employer.employees, world: world)
        guard a > 0 else { return 0 }
        let h = hire(seeker: s, vacancy: v, employerEffect: employer.effect, world: world)
        return applyRate * a * (1 - withdrawRate) * min(1, h * exp(noiseSigma * pairNoise(seed: world.seed, seeker, vacancy)))
    }
}

@inline(__always) func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// Distance in kilometres on the equirectangular projection at the pair's mean latitude:
/// within 0.5 % of the great-circle distance over Thailand's few hundred kilometres, at one
/// cosine instead of haversine's five trigonometric calls.
func kilometres(_ lat1: Float, _ lon1: Float, _ lat2: Float, _ lon2: Float) -> Double {
    let rad = Double.pi / 180
    let x = Double(lon2 - lon1) * rad * cos(Double(lat1 + lat2) * 0.5 * rad)
    let y = Double(lat2 - lat1) * rad
    return 6_371 * (x * x + y * y).squareRoot()
}
