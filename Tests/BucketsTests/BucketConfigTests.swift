import ConfigLang
import Testing
@testable import Buckets

/// bucket_config mistakes are ConfigErrors at the value's position.
struct BucketConfigTests {
    func failure(_ yaml: String, overrides: [String] = []) throws -> ConfigError {
        let parsed = try OverrideParser.parse(overrides, firstArgumentIndex: 2)
        let config = try loadConfig(yaml, overrides: parsed)
        do {
            _ = try BucketConfig(config: config.root)
        } catch let error as ConfigError {
            return error
        }
        Issue.record("expected a ConfigError")
        return ConfigError(.io, "none")
    }

    @Test func unknownResolutionNameIsReportedAtItsKey() throws {
        let error = try failure("""
        bucket_config:
          256px: {1: !!python/tuple [1.0, 4]}
          256pix: {1: !!python/tuple [1.0, 4]}
        """)
        #expect(error.location?.line == 3)
        #expect(error.location?.column == 3)
        #expect(error.message.contains("unknown resolution '256pix'"))
    }

    @Test func badEntriesAreReportedAtTheValue() throws {
        let badBatch = try failure("bucket_config:\n  256px:\n    33: !!python/tuple [1.0, 2.5]\n")
        #expect(badBatch.location?.line == 3)
        #expect(badBatch.message.contains("batch size must be a positive integer"))
        let stringKey = try failure("bucket_config:\n  256px:\n    '33': !!python/tuple [1.0, 2]\n")
        #expect(stringKey.location?.line == 3)
        #expect(stringKey.message.contains("positive integer key"))
        let notPair = try failure("bucket_config:\n  256px:\n    33: 1.0\n")
        #expect(notPair.message.contains("(probability, batch_size)"))
        let imagePair = try failure("bucket_config:\n  256px:\n    1: !!python/tuple [!!python/tuple [1.0, 0.5], 2]\n")
        #expect(imagePair.message.contains("image bucket"))
        let compression = try failure("ae_spatial_compression: 0\nbucket_config: {256px: {1: !!python/tuple [1.0, 2]}}\n")
        #expect(compression.location?.line == 1)
    }

    @Test func anOverriddenValueNamesTheArgument() throws {
        let error = try failure("bucket_config:\n  256px:\n    33: !!python/tuple [1.0, 2]\n",
                                overrides: ["bucket_config.256px.33=(1.0, 0)"])
        #expect(error.message.contains("argument"))
        #expect(error.message.contains("batch size"))
    }

    @Test func settingsAndOrder() throws {
        let config = try BucketConfig(config: try loadConfig("""
        ae_spatial_compression: 32
        dataset: {fps_max: null}
        bucket_config:
          256px: {1: !!python/tuple [1.0, 4], 65: !!python/tuple [!!python/tuple [1.0, 0.5], 2], 33: [0.5, 3]}
          720p: {1: !!python/tuple [1.0, 1]}
        """).root)
        #expect(config.spatialCompression == 32)
        #expect(config.fpsMax == BucketConfig.unlimitedFPSMax)
        let bucket = Bucket(config)
        #expect(bucket.resolutions.map(\.name) == ["720p", "256px"])
        #expect(bucket.resolutions[1].frames.map(\.frames) == [65, 33, 1])
        #expect(bucket.resolutions[1].frames[0].probability == .pair(hw: 1.0, t: 0.5))
        #expect(bucket.numBucket == bucket.resolutions[0].table.entries.count + 3 * bucket.resolutions[1].table.entries.count)
        for flat in 0..<bucket.numBucket { #expect(bucket.flatID(bucket.key(flatID: flat)) == flat) }
    }
}

/// The table reader's fast decimal path agrees with Double(_:) (strtod) everywhere it applies.
struct SampleTableNumberTests {
    @Test func plainDecimalsEqualStrtod() {
        var rng = NumpyRandom(seed: 5)
        var texts = ["0", "1", "24", "23.976", "29.97", "59.94", "0.1", "0.3", "123456789.123456", "1.", ".5", "150.0"]
        for _ in 0..<20_000 {
            let whole = rng.nextInterval(1_000_000)
            let fraction = rng.nextInterval(999_999)
            let places = Int(rng.nextInterval(6))
            let text = places == 0 ? "\(whole)" : "\(whole)." + String(String(fraction).prefix(places))
            texts.append(text)
        }
        for text in texts {
            if let fast = SampleTable.plainDecimal(text) {
                #expect(fast == Double(text), "\(text)")
            }
        }
        #expect(SampleTable.plainDecimal("1e5") == nil)
        #expect(SampleTable.plainDecimal("-3") == nil)
        #expect(SampleTable.plainDecimal("1.2.3") == nil)
        #expect(SampleTable.plainDecimal(".") == nil)
    }
}
