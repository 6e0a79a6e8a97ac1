// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "strata",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "strata", targets: ["Runner"]),
        .library(name: "ConfigLang", targets: ["ConfigLang"]),
        .library(name: "Stages", targets: ["Stages"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "ConfigLang",
            dependencies: [
                "CYAML",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Stages",
            dependencies: ["ConfigLang"]
        ),
        .executableTarget(
            name: "Runner",
            dependencies: [
                "ConfigLang",
                "Stages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConfigLangTests",
            dependencies: ["ConfigLang"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// ---- Media and data preparation (issue 5): FFmpeg wrapper, canonical table, data verbs ----
package.products += [
    .library(name: "Media", targets: ["Media"]),
    .library(name: "DataTable", targets: ["DataTable"]),
    .library(name: "DataPrep", targets: ["DataPrep"]),
]
package.targets += [
    .systemLibrary(
        name: "CFFmpeg",
        pkgConfig: "libavformat",
        providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev"])]
    ),
    .target(name: "Media", dependencies: ["CFFmpeg"]),
    .target(name: "DataTable"),
    .target(name: "DataPrep", dependencies: ["Media", "DataTable"]),
    .target(name: "MediaFixtures", path: "Tests/MediaFixtures"),
    .testTarget(name: "MediaTests", dependencies: ["Media", "MediaFixtures"]),
    .testTarget(name: "DataTableTests", dependencies: ["DataTable"]),
    .testTarget(name: "DataPrepTests", dependencies: ["DataPrep", "DataTable", "Media", "MediaFixtures"]),
]
for target in package.targets where target.name == "Runner" {
    target.dependencies += ["DataPrep", "DataTable", "Media"]
}
package.targets += [
    .executableTarget(name: "MediaBench", dependencies: ["Media", "DataPrep"]),
]
package.products += [.executable(name: "strata-media-bench", targets: ["MediaBench"])]
