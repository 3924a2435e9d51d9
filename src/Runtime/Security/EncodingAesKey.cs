using System;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// Turns the 43-character EncodingAESKey into the 32-byte AES-256 key, the way the official samples do
    /// with <c>base64_decode(key + "=")</c>.
    /// </summary>
    /// <remarks>
    /// 43 base64 characters carry 258 bits; the last character's low two bits are dropped. Real and
    /// published keys (the official sample's <c>…ABCDEFG</c>, among others) have those bits set, which strict
    /// decoders reject, so this decodes by hand instead of relying on how lenient a base64 library is.
    /// </remarks>
    internal static class EncodingAesKey
    {
        /// <summary>Characters in an EncodingAESKey.</summary>
        public const int Length = 43;

        /// <summary>Bytes in the decoded AES-256 key.</summary>
        public const int KeySize = 32;

        /// <summary>Decodes <paramref name="encodingAesKey"/>, or throws <see cref="WeChatCryptoError.IllegalAesKey"/>.</summary>
        public static byte[] Decode(string encodingAesKey)
        {
            ArgumentNullException.ThrowIfNull(encodingAesKey);
            if (encodingAesKey.Length != Length)
            {
                throw new WeChatCryptoException(
                    WeChatCryptoError.IllegalAesKey,
                    $"the EncodingAESKey has {encodingAesKey.Length} characters but must have exactly {Length}; copy it again from the platform's message push settings (no trailing '=' or whitespace).");
            }

            byte[] key = new byte[KeySize];
            int accumulator = 0;
            int bits = 0;
            int written = 0;
            for (int i = 0; i < encodingAesKey.Length; i++)
            {
                int sextet = SextetOf(encodingAesKey[i]);
                if (sextet < 0)
                {
                    throw new WeChatCryptoException(
                        WeChatCryptoError.IllegalAesKey,
                        $"the EncodingAESKey contains '{encodingAesKey[i]}' at position {i}, which is not a base64 character; copy it again from the platform's message push settings.");
                }

                accumulator = (accumulator << 6) | sextet;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    if (written < KeySize)
                    {
                        key[written++] = (byte)(accumulator >> bits);
                    }

                    accumulator &= (1 << bits) - 1;
                }
            }

            // 43 × 6 = 258 bits fill all 32 bytes; the 2 bits left in the accumulator are the dropped ones.
            return key;
        }

        private static int SextetOf(char c) => c switch
        {
            >= 'A' and <= 'Z' => c - 'A',
            >= 'a' and <= 'z' => c - 'a' + 26,
            >= '0' and <= '9' => c - '0' + 52,
            '+' => 62,
            '/' => 63,
            _ => -1,
        };
    }
}
