using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>
    /// SHA-1 through libcrypto's low-level functions (the signatures' hash on Linux) against the platform's SHA-1, and
    /// when it is used: on Linux by default, nowhere with the switch. The published signature vectors of
    /// <see cref="WeChatSignatureTests"/> run through it as well, since it is what the signatures use here.
    /// </summary>
    public class LibcryptoSha1Tests
    {
        [Fact]
        public void Is_what_the_signatures_use_on_Linux()
        {
            Assert.Equal(OperatingSystem.IsLinux(), LibcryptoSha1.IsActive);
        }

        [Fact]
        public void The_switch_keeps_SHA1_in_the_platform_library()
        {
            Assert.Null(LibcryptoSha1.Load(usePlatformSha1: true));
        }

        [Fact]
        public void Matches_the_platform_SHA1_for_every_length_across_blocks_and_update_chunks()
        {
            LibcryptoSha1.Functions? functions = LibcryptoSha1.Load(usePlatformSha1: false);
            if (functions is null)
            {
                Assert.False(OperatingSystem.IsLinux(), "libcrypto could not be loaded on Linux");
                return;
            }

            var random = new Random(20261204);
            byte[] data = new byte[3 * 16 * 1024 + 100];
            random.NextBytes(data);
            byte[] digest = new byte[SHA1.HashSizeInBytes];
            var sizes = new List<int>();
            for (int size = 0; size <= 300; size++)
            {
                sizes.Add(size);
            }

            sizes.AddRange([16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 2 * 16 * 1024 + 55, data.Length - 7]);
            foreach (int size in sizes)
            {
                // Starting anywhere in the array, not only at an aligned address.
                ReadOnlySpan<byte> input = data.AsSpan(size % 7, size);
                LibcryptoSha1.Hash(functions, input, digest);
                Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(input)), Convert.ToHexStringLower(digest));
            }
        }

        [Fact]
        public void Refuses_a_digest_buffer_shorter_than_20_bytes()
        {
            LibcryptoSha1.Functions? functions = LibcryptoSha1.Load(usePlatformSha1: false);
            if (functions is null)
            {
                return;
            }

            Assert.Throws<ArgumentException>(() => LibcryptoSha1.Hash(functions, "abc"u8, new byte[19]));
        }
    }
}
