// The one file in MatchCore that talks to BLAS.
//
// On Apple platforms the routines come from Accelerate. Elsewhere they come from OpenBLAS,
// which this file opens at run time with `dlopen` instead of linking:
//
// OpenBLAS chooses its CPU kernel once, while the library loads, from the environment variable
// `OPENBLAS_CORETYPE` or from its own CPU detection. Debian's OpenBLAS 0.3.21 does not recognise
// recent Xeons and falls back to its generic "Prescott" kernel, which runs sgemm at a third of
// the speed of the AVX-512 kernel. A linked library loads before `main`, so no code of ours could
// set the variable in time. Opening it here lets jobmatch read the CPU's features first, choose a
// kernel that the CPU can run, and only then load OpenBLAS, for every program that embeds
// MatchCore, without the user knowing any of this. A value the user sets is always respected.

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
#endif

/// What the process runs its matrix products on, for diagnostics and benchmark reports.
public struct BLASInfo: Sendable, CustomStringConvertible {
    /// How the OpenBLAS kernel was chosen.
    public enum KernelChoice: Sendable, Equatable {
        /// `OPENBLAS_CORETYPE` was already set by the user.
        case environment
        /// jobmatch chose the kernel from the CPU's features, with the reason.
        case detected(reason: String)
        /// The library's own detection (no better choice known for this CPU, or not OpenBLAS).
        case library
    }

    /// The shared library that was opened (or "Accelerate").
    public var library: String
    /// The kernel in use, as `openblas_get_corename()` names it ("Zen", "SkylakeX", "Haswell", ...).
    public var kernel: String
    /// How `kernel` was chosen.
    public var kernelChoice: KernelChoice
    /// Threads one BLAS call may use. jobmatch sets this to 1 and parallelises above BLAS.
    public var threads: Int
    /// The library's build configuration string, when it has one.
    public var configuration: String

    public var description: String {
        let how: String
        switch kernelChoice {
        case .environment: how = "from OPENBLAS_CORETYPE"
        case .detected(let reason): how = "chosen by jobmatch: \(reason)"
        case .library: how = "chosen by the library"
        }
        return "\(library), kernel \(kernel) (\(how)), \(threads) thread\(threads == 1 ? "" : "s") per call"
    }
}

/// The BLAS library could not be opened.
public struct BLASUnavailableError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String {
        "BLAS is unavailable: \(reason). Install OpenBLAS (apt-get install libopenblas-dev) "
            + "or point JOBMATCH_BLAS_LIBRARY at a CBLAS shared library."
    }
}

/// Matrix products on BLAS. Shapes are checked here; pointers never leave a call.
public enum BLAS {
    /// Describes the BLAS library, opening it if this is the first use.
    /// - Throws: `BLASUnavailableError` when no BLAS library can be opened.
    public static func info() throws -> BLASInfo {
        let library = try Library.shared.get()
        return BLASInfo(
            library: library.path, kernel: library.kernel(), kernelChoice: library.kernelChoice,
            threads: library.threads(), configuration: library.configuration())
    }

    /// Sets how many threads one BLAS call may use (OpenBLAS only; ignored by Accelerate).
    ///
    /// jobmatch's own searches call BLAS from several workers at once and expect 1, which is
    /// what the library is set to when it is opened. Raise it around a single large product,
    /// as the sgemm ceiling benchmark does, and set it back afterwards.
    public static func setThreadCount(_ count: Int) throws {
        precondition(count >= 1, "thread count must be at least 1")
        try Library.shared.get().setThreads(count)
    }

    /// C = A · Bᵀ for row-major A (m × k) and B (n × k), giving C (m × n), row-major.
    ///
    /// - Throws: `BLASUnavailableError` when no BLAS library can be opened.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func multiply(_ a: Matrix, transposing b: Matrix) throws -> Matrix {
        precondition(a.columns == b.columns, "A is \(a.rows)×\(a.columns) but B is \(b.rows)×\(b.columns)")
        let library = try Library.shared.get()
        var c = Matrix(rows: a.rows, columns: b.rows)
        guard a.rows > 0, b.rows > 0 else { return c }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    library.gemmTransposingB(
                        a: pa.baseAddress!, rowsA: a.rows, b: pb.baseAddress!, rowsB: b.rows,
                        depth: a.columns, c: pc.baseAddress!, rowStrideC: b.rows)
                }
            }
        }
        return c
    }

    /// The resolved routines, for kernels in MatchCore that manage their own buffers.
    static func library() throws -> Library { try Library.shared.get() }
}

extension BLAS {
    /// The opened BLAS library and its routines.
    struct Library: @unchecked Sendable {  // immutable C function pointers and strings
        static let shared: Result<Library, BLASUnavailableError> = {
            do throws(BLASUnavailableError) { return .success(try Library.open()) } catch { return .failure(error) }
        }()

        let path: String
        let kernelChoice: BLASInfo.KernelChoice
        #if !canImport(Accelerate)
        private let sgemm: jm_cblas_sgemm_fn
        private let coreName: jm_openblas_get_corename_fn?
        private let config: jm_openblas_get_config_fn?
        private let getThreads: jm_openblas_get_num_threads_fn?
        private let putThreads: jm_openblas_set_num_threads_fn?
        #endif

        /// C[i, j] = Σ_l A[i, l]·B[j, l] (+ C[i, j] when `accumulate`) for row-major A
        /// (rowsA × depth), B (rowsB × depth), C with `rowStrideC` floats between rows (≥ rowsB).
        ///
        /// Accumulating (β = 1) into a C that is already zero gives the same product and spares
        /// OpenBLAS the separate pass over C that it makes to apply β = 0.
        @inline(__always)
        func gemmTransposingB(
            a: UnsafePointer<Float>, rowsA: Int, b: UnsafePointer<Float>, rowsB: Int,
            depth: Int, c: UnsafeMutablePointer<Float>, rowStrideC: Int, accumulate: Bool = false
        ) {
            let beta: Float = accumulate ? 1 : 0
            precondition(rowStrideC >= rowsB && rowsA <= Int(Int32.max) && rowsB <= Int(Int32.max)
                && depth <= Int(Int32.max) && rowStrideC <= Int(Int32.max), "matrix too large for 32-bit BLAS")
            #if canImport(Accelerate)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rowsA), Int32(rowsB), Int32(depth),
                1, a, Int32(depth), b, Int32(depth), beta, c, Int32(rowStrideC))
            #else
            sgemm(
                Int32(JM_CBLAS_ROW_MAJOR), Int32(JM_CBLAS_NO_TRANS), Int32(JM_CBLAS_TRANS),
                Int32(rowsA), Int32(rowsB), Int32(depth), 1, a, Int32(depth), b, Int32(depth),
                beta, c, Int32(rowStrideC))
            #endif
        }

        /// C = α·op(A)·op(B) + β·C for row-major matrices, op(X) being X or Xᵀ: op(A) is m × k,
        /// op(B) is k × n, C is m × n; `lda`, `ldb`, `ldc` are the row strides as stored.
        @inline(__always)
        func gemm(
            transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float = 0
        ) {
            precondition([m, n, k, lda, ldb, ldc].allSatisfy { $0 <= Int(Int32.max) }, "matrix too large for 32-bit BLAS")
            #if canImport(Accelerate)
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            #else
            sgemm(
                Int32(JM_CBLAS_ROW_MAJOR), Int32(transposeA ? JM_CBLAS_TRANS : JM_CBLAS_NO_TRANS),
                Int32(transposeB ? JM_CBLAS_TRANS : JM_CBLAS_NO_TRANS),
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            #endif
        }

        func kernel() -> String {
            #if canImport(Accelerate)
            return "Accelerate"
            #else
            guard let coreName, let name = coreName() else { return "unknown" }
            return String(cString: name)
            #endif
        }

        func configuration() -> String {
            #if canImport(Accelerate)
            return "Accelerate"
            #else
            guard let config, let text = config() else { return "" }
            return String(cString: text)
            #endif
        }

        func threads() -> Int {
            #if canImport(Accelerate)
            return 1
            #else
            guard let getThreads else { return 1 }
            return Int(getThreads())
            #endif
        }

        func setThreads(_ count: Int) {
            #if !canImport(Accelerate)
            putThreads?(Int32(clamping: count))
            #endif
        }
    }
}

#if canImport(Accelerate)
extension BLAS.Library {
    static func open() throws(BLASUnavailableError) -> BLAS.Library {
        BLAS.Library(path: "Accelerate", kernelChoice: .library)
    }
}
#else
extension BLAS.Library {
    /// Libraries tried in order when `JOBMATCH_BLAS_LIBRARY` is not set.
    static let candidates = ["libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "libcblas.so.3"]

    static func open() throws(BLASUnavailableError) -> BLAS.Library {
        let kernelChoice = chooseKernel()
        defer { if case .detected = kernelChoice { unsetenv("OPENBLAS_CORETYPE") } }

        var tried: [String] = []
        var handle: UnsafeMutableRawPointer?
        var path = ""
        let requested = getenv("JOBMATCH_BLAS_LIBRARY").map { String(cString: $0) }
        for candidate in requested.map({ [$0] }) ?? candidates {
            if let opened = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                handle = opened
                path = candidate
                break
            }
            tried.append(dlerror().map { String(cString: $0) } ?? candidate)
        }
        guard let handle else {
            throw BLASUnavailableError(reason: "could not open \(tried.joined(separator: "; "))")
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        guard let sgemm = symbol("cblas_sgemm", as: jm_cblas_sgemm_fn.self) else {
            throw BLASUnavailableError(reason: "\(path) has no cblas_sgemm")
        }
        let library = BLAS.Library(
            path: path,
            kernelChoice: kernelChoice,
            sgemm: sgemm,
            coreName: symbol("openblas_get_corename", as: jm_openblas_get_corename_fn.self),
            config: symbol("openblas_get_config", as: jm_openblas_get_config_fn.self),
            getThreads: symbol("openblas_get_num_threads", as: jm_openblas_get_num_threads_fn.self),
            putThreads: symbol("openblas_set_num_threads", as: jm_openblas_set_num_threads_fn.self))
        library.setThreads(1)
        return library
    }

    /// Sets `OPENBLAS_CORETYPE` for the CPU unless the user has, and says how the kernel was chosen.
    ///
    /// Only kernels the CPU can run are chosen (an AVX-512 kernel on a CPU without it stops
    /// the process with an illegal instruction). CPUs without AVX2 are left to OpenBLAS.
    private static func chooseKernel() -> BLASInfo.KernelChoice {
        if let value = getenv("OPENBLAS_CORETYPE"), value.pointee != 0 { return .environment }
        let kernel: String
        let reason: String
        if jm_cpu_has_avx512_skx() != 0 {
            kernel = "SkylakeX"
            reason = "the CPU has AVX-512"
        } else if jm_cpu_has_avx2_fma() != 0 {
            kernel = jm_cpu_vendor() == 1 ? "Zen" : "Haswell"
            reason = "the CPU has AVX2 and FMA"
        } else {
            return .library
        }
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        return .detected(reason: reason)
    }
}
#endif
