using System.Collections.Generic;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>
    /// One attributed class holding every element the fixture corpus uses (nested objects and lists mapped), so a
    /// single XmlSerializer pass reads any of them. SKIT has one class per event and makes the caller deserialize
    /// twice (once for MsgType/Event, then the concrete type); this superset stands in for that with one pass.
    /// </summary>
    /// <remarks>
    /// Value types are nullable so an absent element stays absent; element types follow the SDK's spec where it
    /// declares the element.
    /// </remarks>
    [XmlRoot("xml")]
    public sealed class CorpusMessageXml
    {
        [XmlElement("ToUserName")]
        public string? ToUserName { get; set; }

        [XmlElement("FromUserName")]
        public string? FromUserName { get; set; }

        [XmlElement("CreateTime")]
        public long CreateTime { get; set; }

        [XmlElement("MsgType")]
        public string? MsgType { get; set; }

        [XmlElement("MsgId")]
        public long? MsgId { get; set; }

        [XmlElement("Event")]
        public string? Event { get; set; }

        [XmlElement("OpenID")]
        public string? OpenID { get; set; }

        [XmlElement("DeviceID")]
        public string? DeviceID { get; set; }

        [XmlElement("DeviceType")]
        public string? DeviceType { get; set; }

        [XmlElement("SessionID")]
        public string? SessionID { get; set; }

        [XmlElement("Content")]
        public string? Content { get; set; }

        [XmlElement("EventKey")]
        public string? EventKey { get; set; }

        [XmlElement("Latitude")]
        public double? Latitude { get; set; }

        [XmlElement("Longitude")]
        public double? Longitude { get; set; }

        [XmlElement("Precision")]
        public double? Precision { get; set; }

        [XmlElement("MsgID")]
        public long? MsgID { get; set; }

        [XmlElement("Status")]
        public string? Status { get; set; }

        [XmlElement("TotalCount")]
        public int? TotalCount { get; set; }

        [XmlElement("FilterCount")]
        public int? FilterCount { get; set; }

        [XmlElement("SentCount")]
        public int? SentCount { get; set; }

        [XmlElement("ErrorCount")]
        public int? ErrorCount { get; set; }

        [XmlElement("CopyrightCheckResult")]
        public CopyrightCheckResultXml? CopyrightCheckResult { get; set; }

        [XmlElement("ArticleUrlResult")]
        public ArticleUrlResultXml? ArticleUrlResult { get; set; }

        [XmlElement("PublishEventInfo")]
        public PublishEventInfoXml? PublishEventInfo { get; set; }

        [XmlElement("Ticket")]
        public string? Ticket { get; set; }

        [XmlElement("ChosenBeacon")]
        public ShakeBeaconXml? ChosenBeacon { get; set; }

        [XmlArray("AroundBeacons")]
        [XmlArrayItem("AroundBeacon")]
        public List<ShakeBeaconXml>? AroundBeacons { get; set; }

        [XmlElement("ConnectTime")]
        public long? ConnectTime { get; set; }

        [XmlElement("ExpireTime")]
        public long? ExpireTime { get; set; }

        [XmlElement("VendorId")]
        public string? VendorId { get; set; }

        [XmlElement("PlaceId")]
        public string? PlaceId { get; set; }

        [XmlElement("DeviceNo")]
        public string? DeviceNo { get; set; }

        [XmlElement("ExpiredTime")]
        public long? ExpiredTime { get; set; }

        [XmlElement("CardId")]
        public string? CardId { get; set; }

        [XmlElement("RefuseReason")]
        public string? RefuseReason { get; set; }

        [XmlElement("OrderId")]
        public string? OrderId { get; set; }

        [XmlElement("CreateOrderTime")]
        public long? CreateOrderTime { get; set; }

        [XmlElement("PayFinishTime")]
        public long? PayFinishTime { get; set; }

        [XmlElement("Desc")]
        public string? Desc { get; set; }

        [XmlElement("FreeCoinCount")]
        public long? FreeCoinCount { get; set; }

        [XmlElement("PayCoinCount")]
        public long? PayCoinCount { get; set; }

        [XmlElement("RefundFreeCoinCount")]
        public long? RefundFreeCoinCount { get; set; }

        [XmlElement("RefundPayCoinCount")]
        public long? RefundPayCoinCount { get; set; }

        [XmlElement("OrderType")]
        public string? OrderType { get; set; }

        [XmlElement("Memo")]
        public string? Memo { get; set; }

        [XmlElement("ReceiptInfo")]
        public string? ReceiptInfo { get; set; }

        [XmlElement("KfAccount")]
        public string? KfAccount { get; set; }

        [XmlElement("SendLocationInfo")]
        public SendLocationInfoXml? SendLocationInfo { get; set; }

        [XmlElement("OrderStatus")]
        public int? OrderStatus { get; set; }

        [XmlElement("ProductId")]
        public string? ProductId { get; set; }

        [XmlElement("SkuInfo")]
        public string? SkuInfo { get; set; }

        [XmlElement("SendPicsInfo")]
        public SendPicsInfoXml? SendPicsInfo { get; set; }

        [XmlElement("UniqId")]
        public string? UniqId { get; set; }

        [XmlElement("PoiId")]
        public string? PoiId { get; set; }

        [XmlElement("Result")]
        public string? Result { get; set; }

        [XmlElement("Msg")]
        public string? Msg { get; set; }

        [XmlElement("ScanCodeInfo")]
        public ScanCodeInfoXml? ScanCodeInfo { get; set; }

        [XmlElement("title")]
        public string? title { get; set; }

        [XmlElement("tax_no")]
        public string? tax_no { get; set; }

        [XmlElement("addr")]
        public string? addr { get; set; }

        [XmlElement("phone")]
        public string? phone { get; set; }

        [XmlElement("bank_type")]
        public string? bank_type { get; set; }

        [XmlElement("bank_no")]
        public string? bank_no { get; set; }

        [XmlElement("attach")]
        public string? attach { get; set; }

        [XmlElement("title_type")]
        public string? title_type { get; set; }

        [XmlElement("UserCardCode")]
        public string? UserCardCode { get; set; }

        [XmlArray("SubscribeMsgChangeEvent")]
        [XmlArrayItem("List")]
        public List<SubscribeMsgItemXml>? SubscribeMsgChangeEvent { get; set; }

        [XmlArray("SubscribeMsgPopupEvent")]
        [XmlArrayItem("List")]
        public List<SubscribeMsgItemXml>? SubscribeMsgPopupEvent { get; set; }

        [XmlElement("ModifyBonus")]
        public int? ModifyBonus { get; set; }

        [XmlElement("ModifyBalance")]
        public int? ModifyBalance { get; set; }

        [XmlElement("AppID")]
        public string? AppID { get; set; }

        [XmlElement("RevokeInfo")]
        public string? RevokeInfo { get; set; }

        [XmlElement("SuccOrderId")]
        public string? SuccOrderId { get; set; }

        [XmlElement("FailOrderId")]
        public string? FailOrderId { get; set; }

        [XmlElement("AppId")]
        public string? AppId { get; set; }

        [XmlElement("Source")]
        public string? Source { get; set; }

        [XmlElement("IsGiveByFriend")]
        public bool? IsGiveByFriend { get; set; }

        [XmlElement("FriendUserName")]
        public string? FriendUserName { get; set; }

        [XmlElement("OuterId")]
        public int? OuterId { get; set; }

        [XmlElement("OldUserCardCode")]
        public string? OldUserCardCode { get; set; }

        [XmlElement("OuterStr")]
        public string? OuterStr { get; set; }

        [XmlElement("IsRestoreMemberCard")]
        public bool? IsRestoreMemberCard { get; set; }

        [XmlElement("IsRecommendByFriend")]
        public bool? IsRecommendByFriend { get; set; }

        [XmlElement("TransId")]
        public string? TransId { get; set; }

        [XmlElement("LocationId")]
        public long? LocationId { get; set; }

        [XmlElement("Fee")]
        public long? Fee { get; set; }

        [XmlElement("OriginalFee")]
        public long? OriginalFee { get; set; }

        [XmlElement("KeyStandard")]
        public string? KeyStandard { get; set; }

        [XmlElement("KeyStr")]
        public string? KeyStr { get; set; }

        [XmlElement("Country")]
        public string? Country { get; set; }

        [XmlElement("Province")]
        public string? Province { get; set; }

        [XmlElement("City")]
        public string? City { get; set; }

        [XmlElement("Sex")]
        public int? Sex { get; set; }

        [XmlElement("Scene")]
        public int? Scene { get; set; }

        [XmlElement("ExtInfo")]
        public string? ExtInfo { get; set; }

        [XmlElement("RegionCode")]
        public string? RegionCode { get; set; }

        [XmlElement("MenuId")]
        public string? MenuId { get; set; }

        [XmlElement("PicUrl")]
        public string? PicUrl { get; set; }

        [XmlElement("MediaId")]
        public string? MediaId { get; set; }

        [XmlElement("Format")]
        public string? Format { get; set; }

        [XmlElement("ThumbMediaId")]
        public string? ThumbMediaId { get; set; }

        [XmlElement("Location_X")]
        public double? Location_X { get; set; }

        [XmlElement("Location_Y")]
        public double? Location_Y { get; set; }

        [XmlElement("Scale")]
        public int? Scale { get; set; }

        [XmlElement("Label")]
        public string? Label { get; set; }

        [XmlElement("Description")]
        public string? Description { get; set; }

        [XmlElement("Url")]
        public string? Url { get; set; }

        [XmlElement("Title")]
        public string? Title { get; set; }

        [XmlElement("ReasonMsg")]
        public string? ReasonMsg { get; set; }

        [XmlElement("PagePath")]
        public string? PagePath { get; set; }

        [XmlElement("ThumbUrl")]
        public string? ThumbUrl { get; set; }
    }
}
