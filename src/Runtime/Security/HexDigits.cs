using System;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// Hexadecimal text for SHA-1 digests. Hand-written because <c>Convert.ToHexStringLower</c> and the
    /// span overload of <c>Convert.FromHexString</c> only exist from .NET 9, and we also target .NET 8.
    /// </summary>
    internal static class HexDigits
    {
        private const string LowerAlphabet = "0123456789abcdef";

        /// <summary>Formats <paramref name="bytes"/> as lowercase hex, the form WeChat sends and expects.</summary>
        public static string ToLowerHex(ReadOnlySpan<byte> bytes)
        {
            Span<char> chars = bytes.Length <= 64 ? stackalloc char[bytes.Length * 2] : new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = LowerAlphabet[bytes[i] >> 4];
                chars[(2 * i) + 1] = LowerAlphabet[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>
        /// Parses hex of either case into exactly <paramref name="destination"/>.Length bytes.
        /// Returns <see langword="false"/> on a wrong length or a non-hex character.
        /// </summary>
        /// <remarks>
        /// Branches on the input only; the input is the caller-supplied candidate, never the secret-derived
        /// digest, so this leaks nothing an attacker does not already know.
        /// </remarks>
        /// <summary>Writes <paramref name="bytes"/> as lowercase hex ASCII, two bytes per input byte.</summary>
        public static void WriteLowerHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                destination[2 * i] = (byte)LowerAlphabet[bytes[i] >> 4];
                destination[(2 * i) + 1] = (byte)LowerAlphabet[bytes[i] & 0xF];
            }
        }

        public static bool TryParse(ReadOnlySpan<char> hex, Span<byte> destination)
        {
            if (hex.Length != destination.Length * 2)
            {
                return false;
            }

            for (int i = 0; i < destination.Length; i++)
            {
                int high = ValueOf(hex[2 * i]);
                int low = ValueOf(hex[(2 * i) + 1]);
                if ((high | low) < 0)
                {
                    return false;
                }

                destination[i] = (byte)((high << 4) | low);
            }

            return true;
        }

        private static int ValueOf(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }
}
