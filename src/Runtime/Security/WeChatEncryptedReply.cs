using System;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// A safe-mode reply: the four values WeChat expects back, produced by
    /// <see cref="WeChatMessageCrypto.EncryptReply(System.ReadOnlySpan{byte}, string, string, System.ReadOnlySpan{byte})"/> and already validated for the envelope.
    /// </summary>
    public sealed class WeChatEncryptedReply
    {
        internal WeChatEncryptedReply(string encrypt, string msgSignature, string timeStamp, string nonce)
        {
            Encrypt = encrypt;
            MsgSignature = msgSignature;
            TimeStamp = timeStamp;
            Nonce = nonce;
        }

        /// <summary>The base64 ciphertext of the reply.</summary>
        public string Encrypt { get; }

        /// <summary>The msg_signature over token, <see cref="TimeStamp"/>, <see cref="Nonce"/> and <see cref="Encrypt"/>.</summary>
        public string MsgSignature { get; }

        /// <summary>The Unix-seconds timestamp, decimal digits only.</summary>
        public string TimeStamp { get; }

        /// <summary>The nonce; it never contains <c>]]&gt;</c>, so it is safe inside CDATA.</summary>
        public string Nonce { get; }

        /// <summary>The fixed parts of the envelope around the four values, in order, as UTF-8 (the layout of <see cref="ToXml"/>).</summary>
        internal static ReadOnlySpan<byte> BeforeEncrypt => "<xml>\n<Encrypt><![CDATA["u8;

        internal static ReadOnlySpan<byte> BeforeMsgSignature => "]]></Encrypt>\n<MsgSignature><![CDATA["u8;

        internal static ReadOnlySpan<byte> BeforeTimeStamp => "]]></MsgSignature>\n<TimeStamp>"u8;

        internal static ReadOnlySpan<byte> BeforeNonce => "</TimeStamp>\n<Nonce><![CDATA["u8;

        internal static ReadOnlySpan<byte> AfterNonce => "]]></Nonce>\n</xml>"u8;

        /// <summary>The bytes of the fixed parts together.</summary>
        internal static int LayoutLength => BeforeEncrypt.Length + BeforeMsgSignature.Length + BeforeTimeStamp.Length + BeforeNonce.Length + AfterNonce.Length;

        /// <summary>
        /// Formats the reply as the envelope of the official samples (<c>XMLParse.generate</c>), byte for byte:
        /// newline-separated elements, <c>TimeStamp</c> without CDATA, no XML declaration.
        /// </summary>
        /// <returns>The response body to send with content type <c>application/xml</c> or <c>text/xml</c>.</returns>
        public string ToXml() => string.Concat(
            [
                "<xml>\n<Encrypt><![CDATA[", Encrypt,
                "]]></Encrypt>\n<MsgSignature><![CDATA[", MsgSignature,
                "]]></MsgSignature>\n<TimeStamp>", TimeStamp,
                "</TimeStamp>\n<Nonce><![CDATA[", Nonce,
                "]]></Nonce>\n</xml>",
            ]);
    }
}
