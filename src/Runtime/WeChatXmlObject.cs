using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// Base of every generated XML type: messages, events, replies and their nested objects.
    /// Elements the spec does not know are kept in <see cref="UnknownElements"/> and written back out.
    /// </summary>
    public abstract class WeChatXmlObject
    {
        private List<WeChatXmlElement>? _unknownElements;

        /// <summary>Elements this type does not declare, in document order; WeChat adds fields over time.</summary>
        public List<WeChatXmlElement> UnknownElements => _unknownElements ??= new List<WeChatXmlElement>();

        /// <summary>Whether any unknown element was kept.</summary>
        public bool HasUnknownElements => _unknownElements is { Count: > 0 };

        /// <summary>Writes this object's child elements (declared, then unknown).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public void WriteContent(ref WeChatXmlWriter writer)
        {
            WriteElements(ref writer);
            if (_unknownElements is not null)
            {
                foreach (WeChatXmlElement element in _unknownElements)
                {
                    writer.WriteElement(element);
                }
            }
        }

        /// <summary>Writes this object's properties as JSON members (declared, then <c>$unknown</c>).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public void WriteJsonContent(Utf8JsonWriter writer)
        {
            WriteJsonProperties(writer);
            if (_unknownElements is { Count: > 0 })
            {
                writer.WritePropertyName("$unknown");
                WeChatJsonElements.WriteObject(writer, _unknownElements);
            }
        }

        /// <summary>Reads one child element the cursor is on; returns false for an element this type does not declare.</summary>
        /// <param name="cursor">The cursor, on the child's start element.</param>
        /// <param name="name">The child's name.</param>
        /// <param name="seen">Bit set of single-valued elements read so far (bits 48–63 belong to base classes).</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected virtual bool ReadElement(ref WeChatXmlCursor cursor, ReadOnlySpan<byte> name, ref ulong seen) => false;

        /// <summary>Writes the declared child elements in spec order.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected virtual void WriteElements(ref WeChatXmlWriter writer)
        {
        }

        /// <summary>Writes the declared properties as JSON members under their wire names.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected virtual void WriteJsonProperties(Utf8JsonWriter writer)
        {
        }

        /// <summary>
        /// Called once all children are read; returns why the object is inconsistent (e.g. a count that does not
        /// match its list), or null.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected virtual string? CheckConsistency() => null;

        internal void ReadContent(ref WeChatXmlCursor cursor)
        {
            int start = cursor.Position;
            int end = cursor.EnterElement();
            ulong seen = 0;
            while (cursor.NextChild(end, out ReadOnlySpan<byte> name))
            {
                if (!ReadElement(ref cursor, name, ref seen))
                {
                    UnknownElements.Add(cursor.ReadElementNode());
                }
            }

            if (CheckConsistency() is { } problem)
            {
                int after = cursor.Position;
                cursor.Position = start;
                WeChatXmlException error = cursor.Error(problem);
                cursor.Position = after;
                throw error;
            }
        }
    }
}
