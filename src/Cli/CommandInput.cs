using System;
using System.CommandLine;
using System.IO;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// The optional <c>FILE</c> argument of the commands that read a body, and reading it: the file's bytes, or
    /// standard input when no file (or <c>-</c>) is given.
    /// </summary>
    internal static class CommandInput
    {
        /// <summary>Creates the <c>FILE</c> argument.</summary>
        /// <param name="description">What the file holds.</param>
        public static Argument<string?> CreateArgument(string description) => new("FILE")
        {
            Description = description + " Reads standard input when omitted or '-'.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        /// <summary>Reads the whole input as bytes, or reports why it cannot be read.</summary>
        /// <param name="path">The <c>FILE</c> argument; null or <c>-</c> for standard input.</param>
        /// <param name="console">Supplies standard input and receives the error.</param>
        /// <param name="bytes">The input, exactly as stored; empty on failure.</param>
        /// <returns>False after an error line was written.</returns>
        public static bool TryRead(string? path, ToolConsole console, out byte[] bytes)
        {
            bytes = [];
            if (path is null or "-")
            {
                if (console.InputIsTerminal)
                {
                    console.Fail("no input: pass FILE or pipe the body to standard input");
                    return false;
                }

                using Stream input = console.OpenInput();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                bytes = buffer.ToArray();
                return true;
            }

            try
            {
                bytes = File.ReadAllBytes(path);
                return true;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                console.Fail($"file not found: {path}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                console.Fail($"cannot read {path}: {ex.Message}");
            }

            return false;
        }
    }
}
