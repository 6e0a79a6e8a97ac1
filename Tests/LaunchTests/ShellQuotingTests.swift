import Testing
@testable import Launch

@Suite struct ShellQuotingTests {
    @Test func plainWordsStayAsTheyAre() {
        #expect(ShellQuoting.word("stage1:optim.lr=1e-4") == "stage1:optim.lr=1e-4")
        #expect(ShellQuoting.word("--sbatch-arg=--account=proj") == "--sbatch-arg=--account=proj")
    }

    /// bash reads every quoted word back to exactly the original, whatever it holds.
    @Test func bashReadsQuotedWordsBackUnchanged() throws {
        let words = ["*:log_every=5", "it's", "a b", "$HOME", "`date`", "\"x\"", "", "new\nline", "back\\slash", "'", "!", "~x", "a;b|c&d", "ünï"]
        #expect(try shellWords(ShellQuoting.line(words)) == words)
    }
}
