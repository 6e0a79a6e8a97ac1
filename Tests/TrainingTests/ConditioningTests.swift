import DataTable
import Foundation
import Tensor
import Testing
@testable import Training

/// Reference values from scripts/conditioning_golden.py.
@Suite struct ConditioningTests {
    @Test func tokenizerLowercasesAndSplitsOnNonAlphanumerics() {
        #expect(HashedTextEncoder.tokens("A Cat, running-FAST! 42x  Übergröße") == ["a", "cat", "running", "fast", "42x", "übergröße"])
        #expect(HashedTextEncoder.tokens(" ,. ").isEmpty)
    }

    @Test func hashAndEmbeddingsMatchTheDocumentedAlgorithm() {
        #expect(HashedTextEncoder.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(HashedTextEncoder.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(HashedTextEncoder.fnv1a64("cat") == 0xF5E3_0719_0CE4_A327)
        let encoder = HashedTextEncoder(dim: 4, maxLength: 3)
        #expect(encoder.embedding(ofToken: "cat") == [-1.5685698986053467, -1.602411150932312, -1.7297999858856201, -1.0567706823349])
        #expect(encoder.embedding(ofToken: "</s>") == [1.0897208452224731, -1.6082111597061157, 1.0618469715118408, 0.6702131628990173])
    }

    @Test func encodingIsDeterministicPaddedAndMasked() {
        let encoder = HashedTextEncoder(dim: 8, maxLength: 6, ngram: 1)
        let cat = encoder.encode("The CAT sat.")
        #expect(cat == encoder.encode("the cat sat"))
        #expect(cat.tokens.shape == [6, 8] && cat.mask.shape == [6])
        #expect(cat.mask.data == [1, 1, 1, 1, 0, 0])  // three words and the end token
        #expect(Array(cat.tokens.data[8..<16]) == encoder.embedding(ofToken: "cat"))
        #expect(Array(cat.tokens.data[24..<32]) == encoder.embedding(ofToken: "</s>"))
        #expect(cat.tokens.data[32...].allSatisfy { $0 == 0 })

        let long = encoder.encode("one two three four five six seven")
        #expect(long.mask.data == [1, 1, 1, 1, 1, 1])
        #expect(Array(long.tokens.data[40..<48]) == encoder.embedding(ofToken: "</s>"))  // the end token survives truncation

        let null = encoder.nullEmbedding
        #expect(null == encoder.encode(""))
        #expect(null.mask.data == [1, 0, 0, 0, 0, 0])
        #expect(null.pooled.data == encoder.embedding(ofToken: "</s>"))
    }

    @Test func wordPairsCarryWordOrder() {
        let pairs = HashedTextEncoder(dim: 8, maxLength: 6)
        let words = HashedTextEncoder(dim: 8, maxLength: 6, ngram: 1)
        let cat = pairs.encode("the cat")
        let half = Float(0.5).squareRoot()
        #expect(Array(cat.tokens.data[0..<8]) == pairs.embedding(ofToken: "the"))  // the first word has no pair
        let expected = zip(pairs.embedding(ofToken: "cat"), pairs.embedding(ofToken: "the cat")).map { ($0 + $1) * half }
        #expect(Array(cat.tokens.data[8..<16]) == expected)
        let endPair = zip(pairs.embedding(ofToken: "</s>"), pairs.embedding(ofToken: "cat </s>")).map { ($0 + $1) * half }
        #expect(Array(cat.tokens.data[16..<24]) == endPair)
        #expect(pairs.nullEmbedding == words.nullEmbedding)  // "" is the end token alone either way

        let redOnWhite = "a red square on a white background", whiteOnRed = "a white square on a red background"
        let (longPairs, longWords) = (HashedTextEncoder(dim: 8, maxLength: 16), HashedTextEncoder(dim: 8, maxLength: 16, ngram: 1))
        func pooledGap(_ encoder: HashedTextEncoder) -> Float {
            zip(encoder.encode(redOnWhite).pooled.data, encoder.encode(whiteOnRed).pooled.data).map { abs($0 - $1) }.max()!
        }
        #expect(pooledGap(longWords) < 1e-6)  // a bag of words cannot tell (up to summation order)
        #expect(pooledGap(longPairs) > 0.1)
    }

    @Test func embeddingsHaveUnitVarianceAndDifferPerToken() {
        let encoder = HashedTextEncoder(dim: 4096, maxLength: 2)
        let values = encoder.embedding(ofToken: "video")
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)
        #expect(abs(mean) < 0.1 && abs(variance - 1) < 0.1)
        #expect(encoder.embedding(ofToken: "video") != encoder.embedding(ofToken: "videos"))
    }

    func table(_ folder: TemporaryFolder, rows: [String], column: String = "text_t5_path") throws -> (TableHeader, [TableRow], String) {
        let path = folder.path + "/train.csv"
        try folder.write("path,text,\(column)\n" + rows.map { $0 + "\n" }.joined(), to: "train.csv")
        let reader = try TableReader(path: path)
        var read: [TableRow] = []
        while let row = try reader.next() { read.append(row) }
        return (reader.header, read, path)
    }

    @Test func precomputedTextReadsPadsAndCuts() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/emb", withIntermediateDirectories: true)
        try SafetensorsFile(tensors: ["text": Tensor(shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6])]).write(to: folder.path + "/emb/a.safetensors")
        try SafetensorsFile(tensors: ["text": Tensor(shape: [5, 3], data: (0..<15).map(Float.init)),
                                     "mask": Tensor(shape: [5], data: [1, 1, 1, 0, 0])]).write(to: folder.path + "/emb/b.safetensors")
        try SafetensorsFile(tensors: ["text": Tensor(shape: [2, 4])]).write(to: folder.path + "/emb/wrong.safetensors")
        let (header, rows, path) = try table(folder, rows: ["a.mp4,a,emb/a.safetensors", "b.mp4,b,emb/b.safetensors",
                                                             "c.mp4,c,", "d.mp4,d,emb/wrong.safetensors"])
        let encoder = try PrecomputedTextEncoder(column: PathColumn(column: "text_t5_path", header: header, tablePath: path), dim: 3, maxLength: 4)
        let a = try encoder.embedding(for: rows[0])
        #expect(a.tokens.data == [1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0] && a.mask.data == [1, 1, 0, 0])
        let b = try encoder.embedding(for: rows[1])
        #expect(b.tokens.data == (0..<12).map(Float.init) && b.mask.data == [1, 1, 1, 0])
        #expect { try encoder.embedding(for: rows[2]) } throws: { "\($0)".contains("train.csv:4: the 'text_t5_path' cell is empty") }
        #expect { try encoder.embedding(for: rows[3]) } throws: { "\($0)".contains("wrong.safetensors (row 3 of") && "\($0)".contains("expected [L, 3]") }
        #expect(encoder.nullEmbedding.mask.data == [1, 0, 0, 0])
        #expect { try PathColumn(column: "latents_path", header: header, tablePath: path) } throws: {
            "\($0)".contains("no 'latents_path' column; the header has path, text, text_t5_path")
        }
    }

    @Test func spaceToDepthMatchesPixelUnshuffleAndInverts() throws {
        let ae = IdentityAutoencoder(spaceToDepth: 2)
        let video = Tensor(shape: [2, 1, 4, 4], data: (0..<32).map(Float.init))
        let latent = try ae.encode(video)
        #expect(latent.shape == [8, 1, 2, 2])
        #expect(latent.data == [0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15,
                                16, 18, 24, 26, 17, 19, 25, 27, 20, 22, 28, 30, 21, 23, 29, 31])
        #expect(try ae.decode(latent) == video)

        let batch = Tensor(shape: [2, 3, 2, 6, 9], data: (0..<648).map { Float($0) * 0.5 })
        let three = IdentityAutoencoder(spaceToDepth: 3)
        let folded = try three.encode(batch)
        #expect(folded.shape == [2, 27, 2, 2, 3])
        #expect(try three.decode(folded) == batch)
        #expect(try IdentityAutoencoder().encode(batch) == batch)
        #expect { try ae.encode(Tensor(shape: [3, 1, 5, 4])) } throws: { "\($0)".contains("4×5 pixels") }
    }

    @Test func precomputedLatentsDropTheBatchOfOne() throws {
        let folder = try TemporaryFolder()
        try SafetensorsFile(tensors: ["latents": Tensor(shape: [1, 4, 2, 3, 3], repeating: 0.5)]).write(to: folder.path + "/z.safetensors")
        let (header, rows, path) = try table(folder, rows: ["a.mp4,a,z.safetensors"], column: "latents_path")
        let latents = PrecomputedLatents(column: try PathColumn(column: "latents_path", header: header, tablePath: path))
        let latent = try latents.latent(for: rows[0])
        #expect(latent.shape == [4, 2, 3, 3] && latent.data.allSatisfy { $0 == 0.5 })
    }
}
