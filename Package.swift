// swift-tools-version: 6.1
import PackageDescription

// Release builds of the numeric targets are tuned to the CPU that builds them, as `-march=native`
// would be: their elementwise loops (softmax's exp, GELU, LayerNorm, adaLN) vectorise to its widest
// registers instead of SSE2's four lanes (bench/tensor_train_step.sh measures it).
// STRATA_PORTABLE_BUILD=1 builds them for any CPU of the architecture, for binaries that are
// copied to other machines.
let tunedToThisCPU: [SwiftSetting] = Context.environment["STRATA_PORTABLE_BUILD"] == "1"
    ? [] : [.unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))]

let package = Package(
    name: "strata",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "strata", targets: ["Runner"]),
        .executable(name: "strata-data", targets: ["DataRunner"]),
        .executable(name: "strata-train", targets: ["TrainRunner"]),
        .executable(name: "strata-media-bench", targets: ["MediaBench"]),
        .executable(name: "strata-tensor-bench", targets: ["TensorBench"]),
        .executable(name: "strata-runs-bench", targets: ["RunsBench"]),
        .executable(name: "strata-fuzz", targets: ["Fuzz"]),
        .library(name: "ConfigLang", targets: ["ConfigLang"]),
        .library(name: "Stages", targets: ["Stages"]),
        .library(name: "StageCommands", targets: ["StageCommands"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "DataTable", targets: ["DataTable"]),
        .library(name: "DataPrep", targets: ["DataPrep"]),
        .library(name: "Buckets", targets: ["Buckets"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "VideoData", targets: ["VideoData"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "RunsTable", targets: ["RunsTable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev"])]
        ),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Open MPI, for data-parallel training (`mpirun -np N strata run …`).
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

        // The config language: knows nothing of video or tensors.
        .target(
            name: "ConfigLang",
            dependencies: ["CYAML", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // Video I/O on FFmpeg, the canonical table, and the data-preparation jobs built on both.
        .target(name: "Media", dependencies: ["CFFmpeg"]),
        .target(name: "DataTable"),
        .target(name: "DataPrep", dependencies: ["Media", "DataTable", "Randomness", "Progress"]),
        // Progress bars on a terminal, plain periodic lines otherwise: shared by data jobs and training.
        .target(name: "Progress"),
        // Registry, schemas, stage graph, planner and run records: light (no FFmpeg, no BLAS), so
        // `strata plan` and friends start fast.
        .target(
            name: "Stages",
            dependencies: ["ConfigLang", "DataTable", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Open-Sora's buckets and the variable-shape batch sampler: pure arithmetic over the table.
        .target(name: "Buckets", dependencies: ["ConfigLang", "DataTable"]),
        // The one seeded generator (SplitMix64) every deterministic draw uses; no dependencies.
        .target(name: "Randomness"),
        // TensorBoard event files (record framing, the few protobuf messages): no dependencies, so
        // the trainer writes them and light tools and tests read them.
        .target(name: "EventLog"),
        // Float32 tensors on OpenBLAS, layers with backward passes, optimizers, safetensors.
        .target(name: "Tensor", dependencies: ["COpenBLAS", "Randomness"], swiftSettings: tunedToThisCPU),
        // The ranks of a data-parallel job and their collectives (MPI only when launched by mpirun/srun).
        .target(name: "Distributed", dependencies: ["CMPI"]),
        // The video-text dataset and the threaded loader: clips decoded with Media into tensors.
        .target(name: "VideoData", dependencies: ["Media", "DataTable", "Buckets", "Tensor"]),
        // What a stage run is made of: the dit model, the rectified-flow objective, text encoders,
        // autoencoders, checkpoints and the trainer that fills the Stages trainer interface.
        .target(
            name: "Training",
            dependencies: ["Stages", "ConfigLang", "Buckets", "VideoData", "Media", "Tensor", "DataTable", "Distributed", "EventLog"],
            swiftSettings: tunedToThisCPU
        ),

        // Executables (thin glue). `strata` does not link FFmpeg, so config verbs start fast;
        // `strata data …` execs `strata-data`, which does. MediaBench is the clip timer of bench/.
        .target(
            name: "CLISupport",
            dependencies: ["ConfigLang", "Stages", "Progress", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The stage verbs (registry, plan, graph, run) as reusable commands: `strata` uses them, and
        // the heavy `strata-train` (which links the trainer) runs `RunOptions.execute(trainer:)`.
        .target(
            name: "StageCommands",
            dependencies: ["Stages", "ConfigLang", "CLISupport", "Progress", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `strata launch`: Slurm scripts for strata's own jobs, Open-Sora configs for torchrun. Light
        // (no FFmpeg, no BLAS): it plans and writes files.
        .target(
            name: "Launch",
            dependencies: ["Stages", "ConfigLang", "StageCommands", "CLISupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `strata runs`: the runs table over run directories, with its index. Light (Stages only).
        .target(name: "RunsTable", dependencies: ["Stages", "ConfigLang"]),
        .executableTarget(
            name: "Runner",
            dependencies: ["ConfigLang", "Stages", "StageCommands", "Launch", "CLISupport", "RunsTable", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "DataRunner",
            dependencies: ["DataPrep", "DataTable", "Media", "Buckets", "CLISupport", "Progress", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "TrainRunner",
            dependencies: ["Training", "Distributed", "StageCommands", "Launch", "CLISupport", "Progress", "Buckets", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "MediaBench", dependencies: ["Media", "DataPrep"]),
        // The loader timer of bench/loader_bench.sh.
        .executableTarget(name: "LoaderBench", dependencies: ["VideoData", "Buckets"]),
        // The sgemm and train-step timer of bench/tensor_*.sh.
        .executableTarget(name: "TensorBench", dependencies: ["Tensor", "Training", "COpenBLAS"]),
        // The runs-table timer of bench/runs_bench.sh (generates run directories, times listings).
        .executableTarget(name: "RunsBench", dependencies: ["RunsTable", "Stages", "ConfigLang"]),
        // The fuzz targets of bench/fuzz.sh (libFuzzer when built with -DLIBFUZZER -sanitize=fuzzer).
        .executableTarget(name: "Fuzz", dependencies: ["ConfigLang", "DataTable"]),

        // Tests.
        .target(name: "MediaFixtures", path: "Tests/MediaFixtures"),
        // Runs tools and the built products for tests that drive executables.
        .target(name: "ProcessFixtures", path: "Tests/ProcessFixtures"),
        .testTarget(name: "ConfigLangTests", dependencies: ["ConfigLang"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "MediaFixtures"]),
        .testTarget(name: "DataTableTests", dependencies: ["DataTable"]),
        .testTarget(name: "DataPrepTests", dependencies: ["DataPrep", "DataTable", "Media", "MediaFixtures"]),
        // Drives the built executables end to end (strata execs strata-data and strata-train).
        .testTarget(name: "EndToEndTests", dependencies: ["ProcessFixtures"]),
        .testTarget(name: "StagesTests", dependencies: ["Stages", "ConfigLang", "StageCommands"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(name: "RunsTests", dependencies: ["RunsTable", "EventLog", "Stages", "ConfigLang", "ProcessFixtures"]),
        .testTarget(name: "LaunchTests", dependencies: ["Launch", "Stages", "ConfigLang"]),
        .testTarget(name: "BucketsTests", dependencies: ["Buckets", "ConfigLang", "DataTable"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "TrainingTests", dependencies: ["ProcessFixtures", "Training", "EventLog", "Stages", "Tensor", "ConfigLang", "DataPrep", "Buckets", "Media", "VideoData"]),
        .testTarget(name: "DistributedTests", dependencies: ["ProcessFixtures", "Distributed", "Training", "Tensor", "DataPrep", "DataTable"]),
        .testTarget(name: "VideoDataTests", dependencies: ["VideoData", "Buckets", "Media", "MediaFixtures", "DataTable", "Tensor"]),
    ]
)
