using System;
using System.IO;
using System.Text;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// Where a command reads its input and writes its result and errors: standard input, output and error in the
    /// tool, any streams in a test.
    /// </summary>
    /// <remarks>
    /// Results are written as UTF-8 bytes rather than through <see cref="Console.Out"/>, so Chinese text survives
    /// a console whose encoding is not UTF-8 and decrypted plaintext is passed on byte for byte.
    /// </remarks>
    internal sealed class ToolConsole
    {
        /// <summary>Exit code of a command that did what was asked.</summary>
        public const int Success = 0;

        /// <summary>Exit code of any failure: bad arguments, unreadable input, invalid XML, a failed crypto check.</summary>
        public const int Failure = 1;

        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly Func<Stream> _openInput;
        private readonly Stream _output;
        private readonly Stream _error;

        /// <summary>Creates a console over the given streams.</summary>
        /// <param name="openInput">Opens standard input; called only when a command reads it.</param>
        /// <param name="inputIsTerminal">True when standard input is an interactive terminal rather than a pipe or file.</param>
        /// <param name="output">Receives results.</param>
        /// <param name="error">Receives the one-line error of a failure.</param>
        public ToolConsole(Func<Stream> openInput, bool inputIsTerminal, Stream output, Stream error)
        {
            _openInput = openInput;
            InputIsTerminal = inputIsTerminal;
            _output = output;
            _error = error;
        }

        /// <summary>The process's standard streams.</summary>
        public static ToolConsole Standard { get; } = new(
            Console.OpenStandardInput,
            !Console.IsInputRedirected,
            Console.OpenStandardOutput(),
            Console.OpenStandardError());

        /// <summary>True when standard input is a terminal, where reading would wait for the user to type a body.</summary>
        public bool InputIsTerminal { get; }

        /// <summary>Opens standard input.</summary>
        public Stream OpenInput() => _openInput();

        /// <summary>Writes <paramref name="utf8"/> and a newline to the output.</summary>
        /// <param name="utf8">The result, UTF-8 encoded.</param>
        public void WriteLine(ReadOnlySpan<byte> utf8)
        {
            _output.Write(utf8);
            _output.Write("\n"u8);
            _output.Flush();
        }

        /// <summary>Writes <paramref name="text"/> as UTF-8 and a newline to the output.</summary>
        /// <param name="text">The result.</param>
        public void WriteLine(string text) => WriteLine(Utf8.GetBytes(text));

        /// <summary>
        /// Reports something the user should know about a command that still did what was asked, as one line on the
        /// error stream, <c>warning: </c> followed by <paramref name="message"/>; the exit code stays <see cref="Success"/>.
        /// </summary>
        /// <param name="message">What to know; line breaks and other control characters become spaces.</param>
        public void Warn(string message) => WriteErrorLine("warning: ", message);

        /// <summary>
        /// Reports a failure as one line, <c>error: </c> followed by <paramref name="message"/>, and returns
        /// <see cref="Failure"/>.
        /// </summary>
        /// <param name="message">What went wrong; line breaks and other control characters become spaces.</param>
        /// <returns><see cref="Failure"/>, to return from the command.</returns>
        public int Fail(string message)
        {
            WriteErrorLine("error: ", message);
            return Failure;
        }

        private void WriteErrorLine(string prefix, string message)
        {
            // Scripts read the error as one line; a reason quoting input must not be able to split it.
            var line = new StringBuilder(prefix, message.Length + prefix.Length + 1);
            foreach (char c in message.AsSpan().Trim())
            {
                line.Append(char.IsControl(c) ? ' ' : c);
            }

            line.Append('\n');
            _error.Write(Utf8.GetBytes(line.ToString()));
            _error.Flush();
        }
    }
}
