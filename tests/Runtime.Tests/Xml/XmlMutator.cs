using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace WeChat.OfficialAccount.Tests.Xml
{
    /// <summary>Seeded mutations of real payloads: byte flips, truncation, tag swaps, entity and markup injection.</summary>
    internal sealed class XmlMutator
    {
        private static readonly byte[] InterestingBytes = Encoding.ASCII.GetBytes("<>&/]![?-\"'= \t\r\n;#x0aZ").Concat(new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xC3, 0xE4, 0xEF, 0xBF, 0xFF }).ToArray();

        private static readonly string[] Injections =
        {
            "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x41;", "&#65;", "&#x4F60;", "&#0;", "&#xD800;", "&#x110000;", "&foo;", "&", "&#;",
            "<!DOCTYPE xml [<!ENTITY e \"x\">]>", "&e;", "<![CDATA[", "]]>", "<![CDATA[ x ]]>", "<!--", "-->", "<!-- c -->", "<?pi ?>",
            "<?xml version=\"1.0\"?>", "<", ">", "</", "/>", "<x/>", "<Extra>1</Extra>", "<MsgId>abc</MsgId>", "<Content>dup</Content>",
            " a=\"1\"", " ", "\r\n", "\r", "\t", "\uFEFF", "\u00A0", "你", "<a:b/>", "<1/>",
        };

        private readonly Random _random;

        public XmlMutator(int seed)
        {
            _random = new Random(seed);
        }

        public byte[] Mutate(byte[] input)
        {
            byte[] current = input;
            int rounds = _random.Next(4) == 0 ? 2 : 1;
            for (int i = 0; i < rounds; i++)
            {
                current = _random.Next(8) switch
                {
                    0 => FlipByte(current),
                    1 => Truncate(current),
                    2 => SwapTags(current),
                    3 => Inject(current),
                    4 => DeleteRange(current),
                    5 => DuplicateRange(current),
                    _ => ReplaceValue(current),
                };
            }

            return current;
        }

        private static readonly string[] Values =
        {
            "", " ", "0", "-1", "+7", "007", "2147483648", "9223372036854775808", "-9223372036854775808", "1.5", "1e3", "-0.0", ".5",
            "NaN", "Infinity", "abc", " 42 ", "<![CDATA[ 42 ]]>", "<![CDATA[]]>", "<![CDATA[x]]]]><![CDATA[>y]]>", "a&amp;b", "&#x4F60;&#x597D;",
            "line\r\nbreak", "  padded  ", "<![CDATA[  keep  ]]>", "x<!-- c -->y", "true", "FALSE", "1", "\u00e9\u00e8", "<Inner>1</Inner>",
            "<![CDATA[a]]> <![CDATA[b]]>", "&#13;", "&#x9;tab",
        };

        private byte[] ReplaceValue(byte[] input)
        {
            // Replace the content of a random leaf element: exercises typed reading, not just well-formedness.
            string text = Encoding.UTF8.GetString(input);
            var leaves = new List<(int Start, int End)>();
            for (int close = text.IndexOf("</", StringComparison.Ordinal); close > 0; close = text.IndexOf("</", close + 2, StringComparison.Ordinal))
            {
                int open = text.LastIndexOf('>', close);
                int lt = text.LastIndexOf('<', close - 1);
                if (open > 0 && lt >= 0 && lt < open && text[lt + 1] != '/' && text[lt + 1] != '!')
                {
                    leaves.Add((open + 1, close));
                }
            }

            if (leaves.Count == 0)
            {
                return input;
            }

            var (start, end) = leaves[_random.Next(leaves.Count)];
            string value = Values[_random.Next(Values.Length)].Replace("\\r", "\r").Replace("\\n", "\n");
            return Encoding.UTF8.GetBytes(text.Substring(0, start) + value + text.Substring(end));
        }

        private byte[] FlipByte(byte[] input)
        {
            if (input.Length == 0)
            {
                return input;
            }

            byte[] copy = (byte[])input.Clone();
            int at = _random.Next(copy.Length);
            copy[at] = _random.Next(2) == 0 ? InterestingBytes[_random.Next(InterestingBytes.Length)] : (byte)_random.Next(256);
            return copy;
        }

        private byte[] Truncate(byte[] input) => input.AsSpan(0, _random.Next(input.Length + 1)).ToArray();

        private byte[] SwapTags(byte[] input)
        {
            string text = Encoding.UTF8.GetString(input);
            var names = new List<(int Start, int Length)>();
            for (int i = 0; i < text.Length - 1; i++)
            {
                if (text[i] == '<' && (char.IsLetter(text[i + 1]) || text[i + 1] == '/'))
                {
                    int start = text[i + 1] == '/' ? i + 2 : i + 1;
                    int end = start;
                    while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                    {
                        end++;
                    }

                    if (end > start)
                    {
                        names.Add((start, end - start));
                    }
                }
            }

            if (names.Count < 2)
            {
                return input;
            }

            var a = names[_random.Next(names.Count)];
            var b = names[_random.Next(names.Count)];
            if (a.Start > b.Start)
            {
                (a, b) = (b, a);
            }

            if (a.Start == b.Start)
            {
                return input;
            }

            string nameA = text.Substring(a.Start, a.Length), nameB = text.Substring(b.Start, b.Length);
            string swapped = text.Substring(0, a.Start) + nameB + text.Substring(a.Start + a.Length, b.Start - a.Start - a.Length) + nameA + text.Substring(b.Start + b.Length);
            return Encoding.UTF8.GetBytes(swapped);
        }

        private byte[] Inject(byte[] input)
        {
            byte[] injection = Encoding.UTF8.GetBytes(Injections[_random.Next(Injections.Length)]);
            int at = _random.Next(input.Length + 1);
            var result = new byte[input.Length + injection.Length];
            input.AsSpan(0, at).CopyTo(result);
            injection.CopyTo(result.AsSpan(at));
            input.AsSpan(at).CopyTo(result.AsSpan(at + injection.Length));
            return result;
        }

        private byte[] DeleteRange(byte[] input)
        {
            if (input.Length == 0)
            {
                return input;
            }

            int start = _random.Next(input.Length);
            int length = Math.Min(input.Length - start, 1 + _random.Next(16));
            var result = new byte[input.Length - length];
            input.AsSpan(0, start).CopyTo(result);
            input.AsSpan(start + length).CopyTo(result.AsSpan(start));
            return result;
        }

        private byte[] DuplicateRange(byte[] input)
        {
            if (input.Length == 0)
            {
                return input;
            }

            int start = _random.Next(input.Length);
            int length = Math.Min(input.Length - start, 1 + _random.Next(64));
            var result = new byte[input.Length + length];
            input.AsSpan(0, start + length).CopyTo(result);
            input.AsSpan(start, length).CopyTo(result.AsSpan(start + length));
            input.AsSpan(start + length).CopyTo(result.AsSpan(start + (2 * length)));
            return result;
        }
    }
}
