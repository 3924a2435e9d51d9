using System;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>What one run of the tool left behind: exit code and both output streams, decoded as UTF-8.</summary>
    internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Asserts the run succeeded and wrote nothing to stderr.</summary>
        public ToolResult AssertSuccess()
        {
            Assert.True(ExitCode == 0, $"exit code {ExitCode}, stderr: {Stderr}");
            Assert.Equal(string.Empty, Stderr);
            return this;
        }

        /// <summary>
        /// Asserts the failure contract: exit code 1, nothing on stdout, exactly one newline-terminated
        /// <c>error: …</c> line on stderr. Returns that line.
        /// </summary>
        public string AssertOneLineFailure()
        {
            Assert.True(ExitCode == 1, $"exit code {ExitCode}, stdout: {Stdout}, stderr: {Stderr}");
            Assert.Equal(string.Empty, Stdout);
            Assert.EndsWith("\n", Stderr, StringComparison.Ordinal);
            string line = Stderr[..^1];
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
            return line;
        }
    }
}
