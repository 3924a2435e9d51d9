using System.CommandLine;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat sign</c>: computes the <c>signature</c> WeChat puts in a push's query string, or the safe-mode
    /// <c>msg_signature</c> when the Encrypt value is given.
    /// </summary>
    internal sealed class SignCommand : Command
    {
        private readonly Option<string> _token = PushOptions.Token();
        private readonly Option<string> _timestamp = PushOptions.Timestamp("The timestamp query parameter, verbatim.");
        private readonly Option<string> _nonce = PushOptions.Nonce("The nonce query parameter, verbatim.");
        private readonly Option<string?> _encrypt = new("--encrypt")
        {
            Description = "The text of the Encrypt element; when given, prints the safe-mode msg_signature instead of signature.",
        };

        /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
        /// <param name="console">Receives the signature.</param>
        public SignCommand(ToolConsole console)
            : base("sign", "Print the 40-hex signature sha1(sort(token, timestamp, nonce)), or with --encrypt the msg_signature sha1(sort(token, timestamp, nonce, encrypt)).")
        {
            Options.Add(_token);
            Options.Add(_timestamp);
            Options.Add(_nonce);
            Options.Add(_encrypt);
            SetAction(parseResult => Run(
                parseResult.GetRequiredValue(_token),
                parseResult.GetRequiredValue(_timestamp),
                parseResult.GetRequiredValue(_nonce),
                parseResult.GetValue(_encrypt),
                console));
        }

        /// <summary>Prints the signature, or the msg_signature when <paramref name="encrypt"/> is given.</summary>
        /// <param name="token">The Token.</param>
        /// <param name="timestamp">The timestamp, verbatim.</param>
        /// <param name="nonce">The nonce, verbatim.</param>
        /// <param name="encrypt">The Encrypt text, or null for the plain signature.</param>
        /// <param name="console">Receives the signature.</param>
        /// <returns>The exit code.</returns>
        public static int Run(string token, string timestamp, string nonce, string? encrypt, ToolConsole console)
        {
            console.WriteLine(encrypt is null
                ? WeChatSignature.Compute(token, timestamp, nonce)
                : WeChatSignature.ComputeMessageSignature(token, timestamp, nonce, encrypt));
            return ToolConsole.Success;
        }
    }
}
