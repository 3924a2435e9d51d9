using System;
using System.CommandLine;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat decrypt</c>: verifies the msg_signature of an encrypted push (safe or compatible mode) and prints
    /// the decrypted message.
    /// </summary>
    internal sealed class DecryptCommand : Command
    {
        private readonly Option<string> _token = PushOptions.Token();
        private readonly Option<string> _aesKey = PushOptions.AesKey();
        private readonly Option<string> _appId = PushOptions.AppId();
        private readonly Option<string> _timestamp = PushOptions.Timestamp("The timestamp query parameter of the push, verbatim.");
        private readonly Option<string> _nonce = PushOptions.Nonce("The nonce query parameter of the push, verbatim.");
        private readonly Option<string> _msgSignature = new("--msg-signature")
        {
            Description = "The msg_signature query parameter of the push (not signature).",
            Required = true,
        };

        private readonly Argument<string?> _file = CommandInput.CreateArgument("The encrypted request body (XML with an Encrypt element, or the JSON form).");

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Supplies standard input and receives the plaintext or the error.</param>
        public DecryptCommand(ToolConsole console)
            : base("decrypt", "Verify the msg_signature of an encrypted push body and print the decrypted message, followed by a newline.")
        {
            Options.Add(_token);
            Options.Add(_aesKey);
            Options.Add(_appId);
            Options.Add(_timestamp);
            Options.Add(_nonce);
            Options.Add(_msgSignature);
            Arguments.Add(_file);
            SetAction(parseResult => Run(
                new PushSettings(parseResult.GetRequiredValue(_token), parseResult.GetRequiredValue(_aesKey), parseResult.GetRequiredValue(_appId)),
                parseResult.GetRequiredValue(_timestamp),
                parseResult.GetRequiredValue(_nonce),
                parseResult.GetRequiredValue(_msgSignature),
                parseResult.GetValue(_file),
                console));
        }

        /// <summary>Verifies and decrypts the body in <paramref name="path"/> (or standard input) and prints the plaintext.</summary>
        /// <param name="settings">The account's message push settings.</param>
        /// <param name="timestamp">The push's timestamp, verbatim.</param>
        /// <param name="nonce">The push's nonce, verbatim.</param>
        /// <param name="msgSignature">The push's msg_signature.</param>
        /// <param name="path">The file, or null / <c>-</c> for standard input.</param>
        /// <param name="console">Supplies standard input and receives the plaintext or the error.</param>
        /// <returns>The exit code.</returns>
        public static int Run(PushSettings settings, string timestamp, string nonce, string msgSignature, string? path, ToolConsole console)
        {
            if (!CommandInput.TryRead(path, console, out byte[] body))
            {
                return ToolConsole.Failure;
            }

            byte[] plaintext;
            try
            {
                plaintext = settings.CreateCrypto().VerifyAndDecryptBody(msgSignature, timestamp, nonce, body);
            }
            catch (WeChatCryptoException ex)
            {
                // The message starts with "Name (-4000x): ", the official code other SDKs and the docs use.
                return console.Fail(ex.Message);
            }
            catch (ArgumentException ex)
            {
                return console.Fail(ex.Message);
            }

            console.WriteLine(plaintext);
            return ToolConsole.Success;
        }
    }
}
