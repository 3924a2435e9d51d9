using System;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The signed parameters of a push, read straight from the raw query string: each value is a slice of it unless it
    /// was percent-encoded or repeated, so a push costs no query dictionary. Names match ignoring case and values decode
    /// like ASP.NET Core's query collection ('+' is a space, repeated values are joined with commas).
    /// </summary>
    internal readonly struct WeChatPushQuery
    {
        private WeChatPushQuery(ReadOnlyMemory<char> signature, ReadOnlyMemory<char> timestamp, ReadOnlyMemory<char> nonce, ReadOnlyMemory<char> msgSignature, ReadOnlyMemory<char> encryptType, ReadOnlyMemory<char> echoStr)
        {
            Signature = signature;
            Timestamp = timestamp;
            Nonce = nonce;
            MsgSignature = msgSignature;
            EncryptType = encryptType;
            EchoStr = echoStr;
        }

        public ReadOnlyMemory<char> Signature { get; }

        public ReadOnlyMemory<char> Timestamp { get; }

        public ReadOnlyMemory<char> Nonce { get; }

        public ReadOnlyMemory<char> MsgSignature { get; }

        public ReadOnlyMemory<char> EncryptType { get; }

        public ReadOnlyMemory<char> EchoStr { get; }

        /// <summary>Safe or compatible mode: the body is an encrypted envelope (<c>encrypt_type=aes</c>).</summary>
        public bool IsEncrypted => EncryptType.Span.Equals("aes", StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads the parameters of <paramref name="query"/> (with or without its leading '?').</summary>
        public static WeChatPushQuery Parse(string? query)
        {
            ReadOnlyMemory<char> signature = default, timestamp = default, nonce = default, msgSignature = default, encryptType = default, echoStr = default;
            if (string.IsNullOrEmpty(query))
            {
                return default;
            }

            int position = query[0] == '?' ? 1 : 0;
            while (position < query.Length)
            {
                int end = query.IndexOf('&', position);
                if (end < 0)
                {
                    end = query.Length;
                }

                int equals = query.IndexOf('=', position, end - position);
                ReadOnlyMemory<char> rawName = query.AsMemory(position, (equals < 0 ? end : equals) - position);
                ReadOnlyMemory<char> value = equals < 0 ? ReadOnlyMemory<char>.Empty : Decode(query.AsMemory(equals + 1, end - equals - 1));
                position = end + 1;

                ReadOnlySpan<char> name = Decode(rawName).Span;
                if (name.Equals("signature", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref signature, value);
                }
                else if (name.Equals("timestamp", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref timestamp, value);
                }
                else if (name.Equals("nonce", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref nonce, value);
                }
                else if (name.Equals("msg_signature", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref msgSignature, value);
                }
                else if (name.Equals("encrypt_type", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref encryptType, value);
                }
                else if (name.Equals("echostr", StringComparison.OrdinalIgnoreCase))
                {
                    Join(ref echoStr, value);
                }
            }

            return new WeChatPushQuery(signature, timestamp, nonce, msgSignature, encryptType, echoStr);
        }

        private static ReadOnlyMemory<char> Decode(ReadOnlyMemory<char> raw)
        {
            ReadOnlySpan<char> span = raw.Span;
            if (span.IndexOfAny('%', '+') < 0)
            {
                return raw;
            }

            return Uri.UnescapeDataString(span.ToString().Replace('+', ' ')).AsMemory();
        }

        /// <summary>A repeated parameter is joined with commas, as <c>StringValues.ToString()</c> does.</summary>
        private static void Join(ref ReadOnlyMemory<char> current, ReadOnlyMemory<char> value)
        {
            // An empty slice of the query still counts as present: "a=&a=1" joins to ",1" like the query collection does.
            current = current.Equals(default(ReadOnlyMemory<char>)) ? value : string.Concat(current.Span, ",", value.Span).AsMemory();
        }
    }
}
