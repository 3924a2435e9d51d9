using System;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>
    /// What the bot answered one push, read as WeChat reads it: <c>success</c> or an empty body means no reply; an
    /// XML reply is, in safe mode, verified and decrypted first; then parsed as a typed reply.
    /// </summary>
    /// <param name="Text">What to print: <c>(no reply: …)</c>, or the reply XML, a blank line and its typed JSON.</param>
    /// <param name="Error">Why the reply is not acceptable, or null.</param>
    internal sealed record SimulatedReply(string Text, string? Error)
    {
        /// <summary>From sending the push to the last byte of the answer.</summary>
        public TimeSpan Elapsed { get; init; }

        /// <summary>Reads a response.</summary>
        /// <param name="status">The HTTP status.</param>
        /// <param name="reasonPhrase">The status's reason phrase, if any.</param>
        /// <param name="body">The response body.</param>
        /// <param name="crypto">The safe-mode crypto, or null in plaintext mode.</param>
        /// <param name="plainReplyAllowed">Compatible mode: WeChat also takes a plaintext reply (one without Encrypt).</param>
        public static SimulatedReply Read(HttpStatusCode status, string? reasonPhrase, byte[] body, WeChatMessageCrypto? crypto, bool plainReplyAllowed = false)
        {
            string text = Encoding.UTF8.GetString(body);
            if ((int)status is < 200 or > 299)
            {
                string excerpt = BotRequest.Excerpt(text);
                return Failed($"HTTP {(int)status} {reasonPhrase}".TrimEnd() + (excerpt.Length > 0 ? ": " + excerpt : BotRequest.Hint(status, "POST")));
            }

            // WeChat treats both as "no passive reply", and neither is encrypted even in safe mode.
            if (text.Trim().Length == 0)
            {
                return new SimulatedReply("(no reply: empty)", null);
            }

            if (text.Trim() == "success")
            {
                return new SimulatedReply("(no reply: success)", null);
            }

            byte[] reply = body;
            if (crypto is not null && !(plainReplyAllowed && !HasEncrypt(body)))
            {
                try
                {
                    reply = Decrypt(body, crypto);
                }
                catch (WeChatCryptoException ex)
                {
                    return Failed("reply: " + ex.Message);
                }
            }

            WeChatReply typed;
            try
            {
                typed = WeChatMessageParser.ParseReply(reply);
            }
            catch (WeChatXmlException ex)
            {
                return Failed("the reply is not a WeChat reply: " + ex.Message);
            }

            return new SimulatedReply(Encoding.UTF8.GetString(reply).Trim() + "\n\n" + typed.ToJson(), null);
        }

        /// <summary>Whether the reply is an XML document with an Encrypt element (a compatible-mode bot may answer either way).</summary>
        private static bool HasEncrypt(byte[] body)
        {
            try
            {
                return XElement.Parse(Encoding.UTF8.GetString(body)).Element("Encrypt") is not null;
            }
            catch (XmlException)
            {
                return false; // read as plaintext, whose parser names what is wrong
            }
        }

        /// <summary>A push that got no acceptable reply.</summary>
        /// <param name="error">Why.</param>
        public static SimulatedReply Failed(string error) => new(string.Empty, error);

        private static byte[] Decrypt(byte[] body, WeChatMessageCrypto crypto)
        {
            // The envelope of the official samples: Encrypt, MsgSignature, TimeStamp, Nonce.
            XElement envelope;
            try
            {
                envelope = XElement.Parse(Encoding.UTF8.GetString(body));
            }
            catch (XmlException ex)
            {
                throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the encrypted reply is not well-formed XML: " + ex.Message, ex);
            }

            if (envelope.Element("Encrypt") is null)
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.ParseXmlError,
                    "the reply has no Encrypt element; in safe mode WeChat accepts only an encrypted reply (or success)");
            }

            string timeStamp = (string?)envelope.Element("TimeStamp") ?? string.Empty;
            string nonce = (string?)envelope.Element("Nonce") ?? string.Empty;
            return crypto.VerifyAndDecryptBody((string?)envelope.Element("MsgSignature"), timeStamp, nonce, body);
        }
    }
}
