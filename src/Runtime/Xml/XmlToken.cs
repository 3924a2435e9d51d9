namespace WeChat.OfficialAccount.Xml
{
    internal enum XmlTokenKind : byte
    {
        StartElement,
        EndElement,
        Text,
        CData,
    }

    /// <summary>
    /// One token of a tokenized document. Start tokens know the index of their end token so a reader can skip
    /// a whole subtree in O(1); text tokens point at raw bytes and say whether they need entity or line-end decoding.
    /// </summary>
    internal struct XmlToken
    {
        public XmlTokenKind Kind;
        public bool NeedsDecoding;
        public int Start;
        public int Length;
        public int Match;
    }
}
