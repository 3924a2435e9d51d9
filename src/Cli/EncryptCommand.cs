using System;
using System.CommandLine;
using System.Text;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat encrypt</c>: encrypts and signs a plaintext reply and prints the safe-mode response envelope.
    /// </summary>
    internal sealed class EncryptCommand : Command
    {
        private const int RandomLength = 16;

        private readonly Option<string> _token = PushOptions.Token();
        private readonly Option<string> _aesKey = PushOptions.AesKey();
        private readonly Option<string> _appId = PushOptions.AppId();
        private readonly Option<string> _timestamp = PushOptions.Timestamp("The reply's TimeStamp: Unix seconds as decimal digits, normally the push's timestamp.");
        private readonly Option<string> _nonce = PushOptions.Nonce("The reply's Nonce, normally the push's nonce.");
        private readonly Option<string?> _random = new("--random")
        {
            Description = "Exactly 16 ASCII characters used as the 16-byte random prefix, to reproduce a known ciphertext; random when omitted.",
        };

        private readonly Argument<string?> _file = CommandInput.CreateArgument("The plaintext reply (normally reply XML), encrypted byte for byte.");

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Supplies standard input and receives the envelope or the error.</param>
        public EncryptCommand(ToolConsole console)
            : base("encrypt", "Encrypt and sign a plaintext reply and print the encrypted reply envelope XML (Encrypt, MsgSignature, TimeStamp, Nonce).")
        {
            Options.Add(_token);
            Options.Add(_aesKey);
            Options.Add(_appId);
            Options.Add(_timestamp);
            Options.Add(_nonce);
            Options.Add(_random);
            Arguments.Add(_file);
            SetAction(parseResult => Run(
                new PushSettings(parseResult.GetRequiredValue(_token), parseResult.GetRequiredValue(_aesKey), parseResult.GetRequiredValue(_appId)),
                parseResult.GetRequiredValue(_timestamp),
                parseResult.GetRequiredValue(_nonce),
                parseResult.GetValue(_random),
                parseResult.GetValue(_file),
                console));
        }

        /// <summary>Encrypts the reply in <paramref name="path"/> (or standard input) and prints the envelope.</summary>
        /// <param name="settings">The account's message push settings.</param>
        /// <param name="timestamp">The reply's TimeStamp.</param>
        /// <param name="nonce">The reply's Nonce.</param>
        /// <param name="random">Sixteen characters for the random prefix, or null to draw it at random.</param>
        /// <param name="path">The file, or null / <c>-</c> for standard input.</param>
        /// <param name="console">Supplies standard input and receives the envelope or the error.</param>
        /// <returns>The exit code.</returns>
        public static int Run(PushSettings settings, string timestamp, string nonce, string? random, string? path, ToolConsole console)
        {
            if (random is not null && RandomProblem(random) is string problem)
            {
                return console.Fail(problem);
            }

            if (!CommandInput.TryRead(path, console, out byte[] reply))
            {
                return ToolConsole.Failure;
            }

            WeChatEncryptedReply encrypted;
            try
            {
                byte[] prefix = random is null ? [] : Encoding.UTF8.GetBytes(random);
                encrypted = settings.CreateCrypto().EncryptReply(reply, timestamp, nonce, prefix);
            }
            catch (WeChatCryptoException ex)
            {
                return console.Fail(ex.Message);
            }
            catch (ArgumentException ex)
            {
                return console.Fail(ex.Message);
            }

            console.WriteLine(encrypted.ToXml());
            return ToolConsole.Success;
        }

        private static string? RandomProblem(string random)
        {
            // The prefix is 16 bytes; counting bytes too keeps "16 characters" from meaning 48 bytes of Chinese.
            int bytes = Encoding.UTF8.GetByteCount(random);
            return random.Length == RandomLength && bytes == RandomLength
                ? null
                : $"--random must be exactly {RandomLength} ASCII characters (16 bytes); got {random.Length} characters ({bytes} bytes)";
        }
    }
}
