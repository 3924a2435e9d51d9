using System;
using System.Buffers;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// One reusable byte buffer per thread for work that starts and ends without an await in between (decrypting and
    /// parsing a push, rendering and encrypting a reply): a push then costs no buffer allocation. What was written is
    /// wiped when the buffer is given back, since it held a decrypted message or a reply.
    /// </summary>
    internal static class ThreadScratchBuffer
    {
        private const int KeepLimit = 64 * 1024;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        /// <summary>Takes the thread's buffer, empty (a new one when it is already taken).</summary>
        public static ArrayBufferWriter<byte> Rent()
        {
            ArrayBufferWriter<byte>? buffer = t_buffer;
            t_buffer = null;
            return buffer ?? new ArrayBufferWriter<byte>(1024);
        }

        /// <summary>Wipes and gives the buffer back; a buffer grown past 64 KiB is dropped instead of kept.</summary>
        public static void Return(ArrayBufferWriter<byte> buffer)
        {
            buffer.Clear();
            if (buffer.Capacity <= KeepLimit)
            {
                t_buffer = buffer;
            }
        }
    }
}
