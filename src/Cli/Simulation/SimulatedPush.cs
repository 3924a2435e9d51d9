using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>
    /// One push as WeChat delivers it: the signed query (<c>signature</c>, <c>timestamp</c>, <c>nonce</c>,
    /// <c>openid</c>, and in safe mode <c>encrypt_type=aes</c> and <c>msg_signature</c>) and the body, plaintext or
    /// the safe-mode envelope. The same push can be sent any number of times, as WeChat's retries are.
    /// </summary>
    internal sealed class SimulatedPush
    {
        private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

        private SimulatedPush(Uri uri, byte[] body)
        {
            Uri = uri;
            Body = body;
        }

        /// <summary>The push URL with the signed query appended.</summary>
        public Uri Uri { get; }

        /// <summary>The request body exactly as sent.</summary>
        public byte[] Body { get; }

        /// <summary>Signs (and in safe mode encrypts) <paramref name="plaintext"/> for <paramref name="url"/>.</summary>
        /// <param name="url">The bot's push URL; a query it already has is kept.</param>
        /// <param name="token">The Token.</param>
        /// <param name="crypto">The safe-mode crypto, or null for plaintext mode.</param>
        /// <param name="compatible">
        /// With <paramref name="crypto"/>: compatible mode, the plaintext message with the Encrypt element added before
        /// its closing tag, instead of the safe-mode envelope.
        /// </param>
        /// <param name="plaintext">The message XML.</param>
        /// <param name="toUserName">The account's original id, for the safe-mode envelope.</param>
        /// <param name="openId">The sender's OpenID, for the <c>openid</c> query parameter.</param>
        /// <param name="timestamp">The <c>timestamp</c> query parameter.</param>
        /// <param name="nonce">The <c>nonce</c> query parameter.</param>
        /// <exception cref="WeChatCryptoException">Encryption failed.</exception>
        /// <exception cref="ArgumentException">Compatible mode, and the message has no closing &lt;/xml&gt; to add Encrypt before.</exception>
        public static SimulatedPush Create(Uri url, string token, WeChatMessageCrypto? crypto, bool compatible, byte[] plaintext, string toUserName, string openId, string timestamp, string nonce)
        {
            var query = new StringBuilder(url.Query.Length == 0 ? "?" : url.Query + "&");
            Append(query, "signature", WeChatSignature.Compute(token, timestamp, nonce));
            Append(query, "timestamp", timestamp);
            Append(query, "nonce", nonce);
            Append(query, "openid", openId);

            byte[] body = plaintext;
            if (crypto is not null)
            {
                string encrypt = crypto.Encrypt(plaintext);
                body = compatible
                    ? WithEncrypt(plaintext, encrypt)
                    : Encoding.UTF8.GetBytes($"<xml>\n<ToUserName><![CDATA[{CData(toUserName)}]]></ToUserName>\n<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>");
                Append(query, "encrypt_type", "aes");
                Append(query, "msg_signature", WeChatSignature.ComputeMessageSignature(token, timestamp, nonce, encrypt));
            }

            query.Length--; // the last '&'
            Uri uri = new UriBuilder(url) { Query = query.ToString(1, query.Length - 1) }.Uri;
            return new SimulatedPush(uri, body);
        }

        /// <summary>A new POST of this push; a request message can be sent only once, the push many times.</summary>
        public HttpRequestMessage CreateRequest()
        {
            var content = new ByteArrayContent(Body);
            content.Headers.ContentType = TextXml;
            return new HttpRequestMessage(HttpMethod.Post, Uri) { Content = content };
        }

        /// <summary>The plaintext message with <c>&lt;Encrypt&gt;</c> as its last element, as WeChat sends it in compatible mode.</summary>
        private static byte[] WithEncrypt(byte[] plaintext, string encrypt)
        {
            int close = plaintext.AsSpan().LastIndexOf("</xml>"u8);
            if (close < 0)
            {
                throw new ArgumentException("--compatible adds Encrypt before the message's closing </xml>, and this body has none");
            }

            byte[] element = Encoding.UTF8.GetBytes($"<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n");
            return [.. plaintext.AsSpan(0, close), .. element, .. plaintext.AsSpan(close)];
        }

        private static void Append(StringBuilder query, string name, string value) =>
            query.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append('&');

        // "]]>" cannot appear inside CDATA; splitting the section keeps any original id intact.
        private static string CData(string text) => text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal);
    }
}
