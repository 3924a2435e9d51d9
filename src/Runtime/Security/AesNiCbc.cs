using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// AES-256-CBC without padding on the processor's AES instructions (AES-NI), for the message crypto's own sizes:
    /// a WeChat message is a few hundred bytes, and the platform library costs more per call (context reset, error queue,
    /// key schedule) than the cipher work itself.
    /// </summary>
    /// <remarks>
    /// The instructions work in constant time and never look up tables, so this is as safe against timing as the
    /// platform library. Both key schedules are built once and only read afterwards: one instance serves every thread.
    /// Used only where <see cref="IsSupported"/>; elsewhere (or with the <c>WeChat.OfficialAccount.Crypto.UsePlatformAes</c>
    /// AppContext switch) the message crypto uses <see cref="System.Security.Cryptography.Aes"/>.
    /// </remarks>
    internal sealed class AesNiCbc
    {
        private const int Block = 16;
        private const int Rounds = 14;

        // Encryption round keys 0..14, then the decryption schedule: rk14, InvMixColumns(rk13..rk1), rk0.
        private readonly Vector128<byte>[] _encrypt = new Vector128<byte>[Rounds + 1];
        private readonly Vector128<byte>[] _decrypt = new Vector128<byte>[Rounds + 1];

        public AesNiCbc(ReadOnlySpan<byte> key)
        {
            if (!IsSupported)
            {
                throw new PlatformNotSupportedException("This processor has no AES instructions.");
            }

            if (key.Length != 32)
            {
                throw new ArgumentException($"AES-256 takes a 32-byte key; this one is {key.Length} bytes.", nameof(key));
            }

            ExpandKey(key, _encrypt);
            _decrypt[0] = _encrypt[Rounds];
            for (int round = 1; round < Rounds; round++)
            {
                _decrypt[round] = X86Aes.InverseMixColumns(_encrypt[Rounds - round]);
            }

            _decrypt[Rounds] = _encrypt[0];
        }

        /// <summary>True where the runtime exposes AES-NI and SSE2 (x86/x64 processors of the last fifteen years).</summary>
        public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

        /// <summary>Encrypts whole blocks of <paramref name="input"/> into <paramref name="output"/> (which may be the same memory).</summary>
        public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
        {
            CheckLengths(iv, input, output);
            Vector128<byte>[] keys = _encrypt;
            Vector128<byte> chain = Read(iv, 0);
            for (int offset = 0; offset < input.Length; offset += Block)
            {
                Vector128<byte> state = Read(input, offset) ^ chain ^ keys[0];
                for (int round = 1; round < Rounds; round++)
                {
                    state = X86Aes.Encrypt(state, keys[round]);
                }

                chain = X86Aes.EncryptLast(state, keys[Rounds]);
                Write(output, offset, chain);
            }
        }

        /// <summary>Decrypts whole blocks of <paramref name="input"/> into <paramref name="output"/> (which may be the same memory).</summary>
        public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
        {
            CheckLengths(iv, input, output);
            Vector128<byte>[] keys = _decrypt;
            Vector128<byte> chain = Read(iv, 0);
            int offset = 0;

            // Four blocks at a time: CBC decryption does not chain through the cipher, so the rounds of four blocks
            // overlap in the pipeline. Every input block is read before its output is written (in-place safe).
            for (; offset + 4 * Block <= input.Length; offset += 4 * Block)
            {
                Vector128<byte> c0 = Read(input, offset);
                Vector128<byte> c1 = Read(input, offset + Block);
                Vector128<byte> c2 = Read(input, offset + 2 * Block);
                Vector128<byte> c3 = Read(input, offset + 3 * Block);
                Vector128<byte> s0 = c0 ^ keys[0];
                Vector128<byte> s1 = c1 ^ keys[0];
                Vector128<byte> s2 = c2 ^ keys[0];
                Vector128<byte> s3 = c3 ^ keys[0];
                for (int round = 1; round < Rounds; round++)
                {
                    Vector128<byte> key = keys[round];
                    s0 = X86Aes.Decrypt(s0, key);
                    s1 = X86Aes.Decrypt(s1, key);
                    s2 = X86Aes.Decrypt(s2, key);
                    s3 = X86Aes.Decrypt(s3, key);
                }

                Vector128<byte> last = keys[Rounds];
                Write(output, offset, X86Aes.DecryptLast(s0, last) ^ chain);
                Write(output, offset + Block, X86Aes.DecryptLast(s1, last) ^ c0);
                Write(output, offset + 2 * Block, X86Aes.DecryptLast(s2, last) ^ c1);
                Write(output, offset + 3 * Block, X86Aes.DecryptLast(s3, last) ^ c2);
                chain = c3;
            }

            for (; offset < input.Length; offset += Block)
            {
                Vector128<byte> cipher = Read(input, offset);
                Vector128<byte> state = cipher ^ keys[0];
                for (int round = 1; round < Rounds; round++)
                {
                    state = X86Aes.Decrypt(state, keys[round]);
                }

                Write(output, offset, X86Aes.DecryptLast(state, keys[Rounds]) ^ chain);
                chain = cipher;
            }
        }

        /// <summary>
        /// The AES-256 key schedule (FIPS 197 §5.2) with AESKEYGENASSIST, two 16-byte round keys per step (the round
        /// constant must be an immediate, hence one line per step).
        /// </summary>
        private static void ExpandKey(ReadOnlySpan<byte> key, Vector128<byte>[] keys)
        {
            Vector128<byte> even = keys[0] = Read(key, 0);
            Vector128<byte> odd = keys[1] = Read(key, Block);
            keys[2] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x01));
            keys[3] = odd = NextOdd(odd, even);
            keys[4] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x02));
            keys[5] = odd = NextOdd(odd, even);
            keys[6] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x04));
            keys[7] = odd = NextOdd(odd, even);
            keys[8] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x08));
            keys[9] = odd = NextOdd(odd, even);
            keys[10] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x10));
            keys[11] = odd = NextOdd(odd, even);
            keys[12] = even = NextEven(even, X86Aes.KeygenAssist(odd, 0x20));
            keys[13] = odd = NextOdd(odd, even);
            keys[14] = NextEven(even, X86Aes.KeygenAssist(odd, 0x40));
        }

        /// <summary>The next even round key: RotWord(SubWord(last word of the odd key)) ^ rcon, spread over all four words.</summary>
        private static Vector128<byte> NextEven(Vector128<byte> even, Vector128<byte> assisted) =>
            PrefixXor(even) ^ Sse2.Shuffle(assisted.AsInt32(), 0xFF).AsByte();

        /// <summary>The next odd round key: SubWord(last word of the even key), no rotation or round constant.</summary>
        private static Vector128<byte> NextOdd(Vector128<byte> odd, Vector128<byte> even) =>
            PrefixXor(odd) ^ Sse2.Shuffle(X86Aes.KeygenAssist(even, 0).AsInt32(), 0xAA).AsByte();

        /// <summary>Each word XORed with every word before it (w0, w0^w1, w0^w1^w2, w0^w1^w2^w3).</summary>
        private static Vector128<byte> PrefixXor(Vector128<byte> words)
        {
            Vector128<byte> shifted = Sse2.ShiftLeftLogical128BitLane(words, 4);
            words ^= shifted;
            shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
            words ^= shifted;
            return words ^ Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        }

        private static void CheckLengths(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
        {
            if (iv.Length != Block)
            {
                throw new ArgumentException($"The IV must be {Block} bytes; it is {iv.Length}.", nameof(iv));
            }

            if (input.Length % Block != 0)
            {
                throw new ArgumentException($"CBC without padding takes whole {Block}-byte blocks; the input is {input.Length} bytes.", nameof(input));
            }

            if (output.Length < input.Length)
            {
                throw new ArgumentException($"The output holds {output.Length} bytes; the input is {input.Length}.", nameof(output));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> Read(ReadOnlySpan<byte> source, int offset) =>
            Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Write(Span<byte> destination, int offset, Vector128<byte> value) =>
            value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)offset);
    }
}
