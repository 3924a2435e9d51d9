using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// SHA-1 through libcrypto's own <c>SHA1_Init</c>/<c>SHA1_Update</c>/<c>SHA1_Final</c> on Linux, for the signatures
    /// of every push: three calls on a context on the stack. .NET reaches SHA-1 on Linux only through OpenSSL's EVP
    /// interface, whose interop clears OpenSSL's error queue and frees and allocates around every call — 0.6–0.9 µs for a
    /// 60-byte URL signature against 0.1 µs here, and 0.85 against 0.33 µs for a safe-mode <c>msg_signature</c> (the
    /// hashing itself runs on the processor's SHA instructions either way, which .NET does not expose on x86).
    /// </summary>
    /// <remarks>
    /// Used where the process can load <c>libcrypto.so.3</c> or <c>libcrypto.so.1.1</c> (the library .NET's own
    /// cryptography loads, so normally already in the process), and the result of two known inputs checks out at load;
    /// elsewhere — Windows, macOS, a Linux without OpenSSL — and with the
    /// <c>WeChat.OfficialAccount.Crypto.UsePlatformSha1</c> AppContext switch, the signatures use
    /// <see cref="IncrementalHash"/>. The low-level functions bypass OpenSSL 3's providers, so a FIPS-bound deployment
    /// sets the switch (and <c>WeChat.OfficialAccount.Crypto.UsePlatformAes</c>).
    /// </remarks>
    internal static unsafe class LibcryptoSha1
    {
        /// <summary>AppContext switch: when set, SHA-1 always goes through <see cref="IncrementalHash"/>.</summary>
        internal const string UsePlatformSha1Switch = "WeChat.OfficialAccount.Crypto.UsePlatformSha1";

        // SHA_CTX is 96 bytes (five hash words, a 64-bit length, a 64-byte block, a count) in OpenSSL 1.0 through 3.x.
        private const int ContextSize = 128;

        // The calls skip the GC transition (they neither block nor call back), so each is kept short: the garbage collector
        // waits for a thread inside one. 16 KiB hash in about 15 µs.
        private const int MaxUpdate = 16 * 1024;

        private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so.1.1"];

        private static readonly Functions? s_functions = Load(AppContext.TryGetSwitch(UsePlatformSha1Switch, out bool platform) && platform);

        /// <summary>True when this process hashes through libcrypto's low-level functions.</summary>
        public static bool IsActive => s_functions is not null;

        /// <summary>Hashes <paramref name="data"/> into the first 20 bytes of <paramref name="digest"/>. Only while <see cref="IsActive"/>.</summary>
        /// <exception cref="CryptographicException">libcrypto reported a failure (it does not, short of a broken library).</exception>
        public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => Hash(s_functions!, data, digest);

        /// <summary>
        /// Resolves the three functions, or returns <see langword="null"/> where they cannot be used: not Linux, the switch
        /// set, no libcrypto, or a library whose result for a known input is wrong.
        /// </summary>
        internal static Functions? Load(bool usePlatformSha1)
        {
            if (usePlatformSha1 || !OperatingSystem.IsLinux())
            {
                return null;
            }

            foreach (string name in LibraryNames)
            {
                if (!NativeLibrary.TryLoad(name, out IntPtr library))
                {
                    continue;
                }

                if (NativeLibrary.TryGetExport(library, "SHA1_Init", out IntPtr init)
                    && NativeLibrary.TryGetExport(library, "SHA1_Update", out IntPtr update)
                    && NativeLibrary.TryGetExport(library, "SHA1_Final", out IntPtr final))
                {
                    var functions = new Functions(init, update, final);
                    if (ChecksOut(functions))
                    {
                        return functions;
                    }
                }
            }

            return null;
        }

        internal static void Hash(Functions functions, ReadOnlySpan<byte> data, Span<byte> digest)
        {
            if (digest.Length < SHA1.HashSizeInBytes)
            {
                throw new ArgumentException($"A SHA-1 digest takes {SHA1.HashSizeInBytes} bytes.", nameof(digest));
            }

            byte* context = stackalloc byte[ContextSize];
            fixed (byte* input = data)
            fixed (byte* output = digest)
            {
                var init = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, int>)functions.Init;
                var update = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, nuint, int>)functions.Update;
                var final = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, int>)functions.Final;
                if (init(context) != 1)
                {
                    throw new CryptographicException("libcrypto's SHA1_Init failed.");
                }

                for (int offset = 0; offset < data.Length; offset += MaxUpdate)
                {
                    int length = Math.Min(MaxUpdate, data.Length - offset);
                    if (update(context, input + offset, (nuint)length) != 1)
                    {
                        throw new CryptographicException("libcrypto's SHA1_Update failed.");
                    }
                }

                if (final(output, context) != 1)
                {
                    throw new CryptographicException("libcrypto's SHA1_Final failed.");
                }
            }
        }

        // FIPS 180's "abc" vector, and a longer input (several blocks and a partial one) against the platform's own SHA-1:
        // a library whose context is not laid out as expected, or whose functions are stubs, fails one of them.
        private static bool ChecksOut(Functions functions)
        {
            ReadOnlySpan<byte> abcDigest =
            [
                0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
            ];
            Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
            Span<byte> expected = stackalloc byte[SHA1.HashSizeInBytes];
            try
            {
                Hash(functions, "abc"u8, digest);
                if (!digest.SequenceEqual(abcDigest))
                {
                    return false;
                }

                Span<byte> longer = stackalloc byte[300];
                for (int i = 0; i < longer.Length; i++)
                {
                    longer[i] = (byte)(i * 31 + 7);
                }

                Hash(functions, longer, digest);
                SHA1.HashData(longer, expected);
                return digest.SequenceEqual(expected);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        /// <summary>The addresses of the three functions in the library that was loaded.</summary>
        internal sealed record Functions(IntPtr Init, IntPtr Update, IntPtr Final);
    }
}
