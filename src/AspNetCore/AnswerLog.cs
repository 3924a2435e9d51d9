using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Finished deliveries for their de-duplication window, by key: an answer (or a row id) per key, kept where the
    /// garbage collector does not have to look. Under load a window holds millions of deliveries; as objects they made
    /// every collection walk them and copy each one twice on its way to the oldest generation (p99 of hundreds of
    /// milliseconds in the load benchmark). Here records are appended to 1 MiB byte chunks and indexed by an
    /// open-addressing table of plain structs, so the collector sees a few hundred arrays without references.
    /// </summary>
    /// <remarks>
    /// Records go into the current generation; once its oldest record has expired it becomes the previous one and a new
    /// generation starts, and the previous generation is dropped (its chunks reused) when its newest record has expired.
    /// So a record is kept at least until it expires and memory holds about two windows of deliveries. Expiry is in
    /// whatever unit the caller's clock uses (ticks, Unix seconds), the same for every call. One lock guards it all: an
    /// operation is a hash, a short probe and a copy. The index is split into shards by the hash's top bits, each
    /// growing on its own: growing one table of millions of slots held the lock for 0.25–0.5 s at 1 M and 2 M keys
    /// (every push waited), a shard rehashes 1/256 of the keys.
    /// </remarks>
    internal sealed class AnswerLog
    {
        private const int ChunkSize = 1 << 20;
        private const int HeaderSize = 16; // key length (chars), payload length (-1: none), expiry
        private const int MinIndex = 4096;
        private const int ShardBits = 8;
        private const int Shards = 1 << ShardBits;
        private const int MaxShardSlots = 1 << (30 - ShardBits);

        private readonly object _lock = new();
        private Generation _current = new(MinIndex);
        private Generation? _previous;
        private List<byte[]> _spareChunks = [];

        /// <summary>How many records the log holds, expired ones not yet dropped included.</summary>
        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _current.Count + (_previous?.Count ?? 0);
                }
            }
        }

        /// <summary>Records <paramref name="payload"/> (null: a record without one) for <paramref name="key"/> until <paramref name="expiresAt"/>; a later record for the same key wins.</summary>
        public void Add(string key, ReadOnlySpan<byte> payload, bool hasPayload, long expiresAt, long now)
        {
            lock (_lock)
            {
                Rotate(now);
                _current.Add(key, payload, hasPayload, expiresAt, this);
            }
        }

        /// <summary>Records a 64-bit value (a row id) for <paramref name="key"/> until <paramref name="expiresAt"/>.</summary>
        public void Add(string key, long value, long expiresAt, long now)
        {
            Span<byte> bytes = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            Add(key, bytes, hasPayload: true, expiresAt, now);
        }

        /// <summary>True when <paramref name="key"/> has an unexpired record; its payload is copied out (null for none).</summary>
        public bool TryGet(string key, long now, out byte[]? payload)
        {
            lock (_lock)
            {
                if (Find(key, now, out Generation generation, out int chunk, out int offset))
                {
                    payload = generation.HasPayload(chunk, offset, out ReadOnlySpan<byte> bytes) ? bytes.ToArray() : null;
                    return true;
                }
            }

            payload = null;
            return false;
        }

        /// <summary>True when <paramref name="key"/> has an unexpired record holding a 64-bit value.</summary>
        public bool TryGet(string key, long now, out long value)
        {
            lock (_lock)
            {
                if (Find(key, now, out Generation generation, out int chunk, out int offset)
                    && generation.HasPayload(chunk, offset, out ReadOnlySpan<byte> bytes) && bytes.Length == sizeof(long))
                {
                    value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                    return true;
                }
            }

            value = 0;
            return false;
        }

        private bool Find(string key, long now, out Generation generation, out int chunk, out int offset)
        {
            int hash = key.GetHashCode();
            generation = _current;
            if (_current.TryFind(key, hash, out chunk, out offset))
            {
                return _current.ExpiresAt(chunk, offset) > now;
            }

            if (_previous is { } previous && previous.TryFind(key, hash, out chunk, out offset))
            {
                generation = previous;
                return previous.ExpiresAt(chunk, offset) > now;
            }

            return false;
        }

        private void Rotate(long now)
        {
            if (_previous is { } previous && previous.MaxExpiresAt <= now)
            {
                // Every record in it has expired: its chunks serve the generations to come.
                _spareChunks = previous.Chunks;
                _previous = null;
            }

            if (_previous is null && _current.Count > 0 && _current.MinExpiresAt <= now)
            {
                _previous = _current;
                _current = new Generation(Math.Max(MinIndex, (int)Math.Min(1 << 30, (long)_previous.Count * 3)));
            }
        }

        private byte[] NewChunk(int size)
        {
            if (size <= ChunkSize && _spareChunks.Count > 0)
            {
                byte[] spare = _spareChunks[^1];
                _spareChunks.RemoveAt(_spareChunks.Count - 1);
                return spare;
            }

            return new byte[Math.Max(size, ChunkSize)];
        }

        /// <summary>One slot of the index: which chunk (plus one; 0 is an empty slot) and where in it, with the key's hash.</summary>
        private struct Slot
        {
            public int Hash;
            public int Chunk;
            public int Offset;
        }

        private sealed class Generation
        {
            private readonly Slot[]?[] _shards = new Slot[Shards][];
            private readonly int[] _shardCounts = new int[Shards];
            private readonly int _shardSlots;
            private int _used; // bytes used in the last chunk

            /// <summary>A generation whose index starts with about <paramref name="capacity"/> slots in all.</summary>
            public Generation(int capacity)
            {
                // Each shard's table is made on its first key, so a generation sized for millions of keys does not
                // zero hundreds of megabytes under the lock at once.
                _shardSlots = (int)Math.Min(MaxShardSlots, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, capacity / Shards)));
            }

            public List<byte[]> Chunks { get; } = [];

            public int Count { get; private set; }

            public long MinExpiresAt { get; private set; } = long.MaxValue;

            public long MaxExpiresAt { get; private set; } = long.MinValue;

            public void Add(string key, ReadOnlySpan<byte> payload, bool hasPayload, long expiresAt, AnswerLog log)
            {
                ReadOnlySpan<byte> keyBytes = MemoryMarshal.AsBytes(key.AsSpan());
                int size = HeaderSize + keyBytes.Length + (hasPayload ? payload.Length : 0);
                if (Chunks.Count == 0 || _used + size > Chunks[^1].Length)
                {
                    Chunks.Add(log.NewChunk(size));
                    _used = 0;
                }

                byte[] chunk = Chunks[^1];
                int offset = _used;
                Span<byte> record = chunk.AsSpan(offset, size);
                BinaryPrimitives.WriteInt32LittleEndian(record, key.Length);
                BinaryPrimitives.WriteInt32LittleEndian(record[4..], hasPayload ? payload.Length : -1);
                BinaryPrimitives.WriteInt64LittleEndian(record[8..], expiresAt);
                keyBytes.CopyTo(record[HeaderSize..]);
                if (hasPayload)
                {
                    payload.CopyTo(record[(HeaderSize + keyBytes.Length)..]);
                }

                _used += size;
                MinExpiresAt = Math.Min(MinExpiresAt, expiresAt);
                MaxExpiresAt = Math.Max(MaxExpiresAt, expiresAt);

                int hash = key.GetHashCode();
                int shard = ShardOf(hash);
                Slot[] index = _shards[shard] ??= new Slot[_shardSlots];

                // At most half full: most lookups are misses (a new delivery), and a miss probes to an empty slot.
                if ((_shardCounts[shard] + 1) * 2L > index.Length && index.Length < MaxShardSlots)
                {
                    index = Grow(shard);
                }

                int slot = Probe(index, key, hash);
                if (index[slot].Chunk == 0)
                {
                    _shardCounts[shard]++;
                    Count++;
                }

                index[slot] = new Slot { Hash = hash, Chunk = Chunks.Count, Offset = offset };
            }

            public bool TryFind(string key, int hash, out int chunk, out int offset)
            {
                if (_shards[ShardOf(hash)] is not { } index)
                {
                    chunk = -1;
                    offset = 0;
                    return false;
                }

                int slot = Probe(index, key, hash);
                chunk = index[slot].Chunk - 1;
                offset = index[slot].Offset;
                return chunk >= 0;
            }

            public long ExpiresAt(int chunk, int offset) => BinaryPrimitives.ReadInt64LittleEndian(Chunks[chunk].AsSpan(offset + 8));

            /// <summary>False for a record without a payload; else its payload.</summary>
            public bool HasPayload(int chunk, int offset, out ReadOnlySpan<byte> payload)
            {
                ReadOnlySpan<byte> record = Chunks[chunk].AsSpan(offset);
                int length = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
                payload = length >= 0 ? record.Slice(HeaderSize + KeyOf(record).Length, length) : default;
                return length >= 0;
            }

            /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go (linear probing).</summary>
            private int Probe(Slot[] index, string key, int hash)
            {
                int mask = index.Length - 1;
                ReadOnlySpan<byte> keyBytes = MemoryMarshal.AsBytes(key.AsSpan());
                for (int slot = hash & mask; ; slot = (slot + 1) & mask)
                {
                    ref Slot candidate = ref index[slot];
                    if (candidate.Chunk == 0)
                    {
                        return slot;
                    }

                    if (candidate.Hash == hash)
                    {
                        if (KeyOf(Chunks[candidate.Chunk - 1].AsSpan(candidate.Offset)).SequenceEqual(keyBytes))
                        {
                            return slot;
                        }
                    }
                }
            }

            /// <summary>The key of the record that starts <paramref name="record"/> (UTF-16 code units as bytes).</summary>
            private static ReadOnlySpan<byte> KeyOf(ReadOnlySpan<byte> record) =>
                record.Slice(HeaderSize, BinaryPrimitives.ReadInt32LittleEndian(record) * sizeof(char));

            /// <summary>The shard a hash belongs to: its top bits, while the slot within the shard comes from its low bits.</summary>
            private static int ShardOf(int hash) => (int)((uint)hash >> (32 - ShardBits));

            private Slot[] Grow(int shard)
            {
                Slot[] old = _shards[shard]!;
                var index = new Slot[old.Length * 2];
                int mask = index.Length - 1;
                foreach (Slot entry in old)
                {
                    if (entry.Chunk == 0)
                    {
                        continue;
                    }

                    int slot = entry.Hash & mask;
                    while (index[slot].Chunk != 0)
                    {
                        slot = (slot + 1) & mask;
                    }

                    index[slot] = entry;
                }

                _shards[shard] = index;
                return index;
            }
        }
    }
}
