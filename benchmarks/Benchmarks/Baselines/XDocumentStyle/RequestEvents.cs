using System.Collections.Generic;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    // Senparc-style event models: one plain class per Event value (RequestMessageEvent_*), properties named as the
    // XML elements, declaring the same elements as the SDK's generated type for that event.

    /// <summary>The header of every event push.</summary>
    public abstract class RequestMessageEventBase : RequestMessageBase
    {
        public string Event { get; set; } = string.Empty;
    }

    /// <summary>Event <c>annual_renew</c>.</summary>
    public sealed class RequestMessageEvent_AnnualRenew : RequestMessageEventBase
    {
        public long ExpiredTime { get; set; }
    }

    /// <summary>Event <c>card_not_pass_check</c>.</summary>
    public sealed class RequestMessageEvent_CardNotPassCheck : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string? RefuseReason { get; set; }
    }

    /// <summary>Event <c>card_pass_check</c>.</summary>
    public sealed class RequestMessageEvent_CardPassCheck : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string? RefuseReason { get; set; }
    }

    /// <summary>Event <c>card_pay_order</c>.</summary>
    public sealed class RequestMessageEvent_CardPayOrder : RequestMessageEventBase
    {
        public string OrderId { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public long CreateOrderTime { get; set; }
        public long? PayFinishTime { get; set; }
        public string? Desc { get; set; }
        public long? FreeCoinCount { get; set; }
        public long? PayCoinCount { get; set; }
        public long? RefundFreeCoinCount { get; set; }
        public long? RefundPayCoinCount { get; set; }
        public string? OrderType { get; set; }
        public string? Memo { get; set; }
        public string? ReceiptInfo { get; set; }
    }

    /// <summary>Event <c>CLICK</c>.</summary>
    public sealed class RequestMessageEvent_Click : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
    }

    /// <summary>Event <c>kf_close_session</c>.</summary>
    public sealed class RequestMessageEvent_KfCloseSession : RequestMessageEventBase
    {
        public string KfAccount { get; set; } = string.Empty;
    }

    /// <summary>Event <c>kf_create_session</c>.</summary>
    public sealed class RequestMessageEvent_KfCreateSession : RequestMessageEventBase
    {
        public string KfAccount { get; set; } = string.Empty;
    }

    /// <summary>Event <c>LOCATION</c>.</summary>
    public sealed class RequestMessageEvent_Location : RequestMessageEventBase
    {
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public double Precision { get; set; }
    }

    /// <summary>Event <c>location_select</c>.</summary>
    public sealed class RequestMessageEvent_LocationSelect : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public SendLocationInfo SendLocationInfo { get; set; } = new();
    }

    /// <summary>Event <c>MASSSENDJOBFINISH</c>.</summary>
    public sealed class RequestMessageEvent_MassSendJobFinish : RequestMessageEventBase
    {
        public long MsgID { get; set; }
        public string Status { get; set; } = string.Empty;
        public int TotalCount { get; set; }
        public int FilterCount { get; set; }
        public int SentCount { get; set; }
        public int ErrorCount { get; set; }
        public CopyrightCheckResult? CopyrightCheckResult { get; set; }
        public ArticleUrlResult? ArticleUrlResult { get; set; }
    }

    /// <summary>Event <c>merchant_order</c>.</summary>
    public sealed class RequestMessageEvent_MerchantOrder : RequestMessageEventBase
    {
        public string OrderId { get; set; } = string.Empty;
        public int OrderStatus { get; set; }
        public string ProductId { get; set; } = string.Empty;
        public string? SkuInfo { get; set; }
    }

    /// <summary>Event <c>naming_verify_success</c>.</summary>
    public sealed class RequestMessageEvent_NamingVerifySuccess : RequestMessageEventBase
    {
        public long ExpiredTime { get; set; }
    }

    /// <summary>Event <c>pic_photo_or_album</c>.</summary>
    public sealed class RequestMessageEvent_PicPhotoOrAlbum : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public SendPicsInfo SendPicsInfo { get; set; } = new();
    }

    /// <summary>Event <c>pic_sysphoto</c>.</summary>
    public sealed class RequestMessageEvent_PicSysPhoto : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public SendPicsInfo SendPicsInfo { get; set; } = new();
    }

    /// <summary>Event <c>poi_check_notify</c>.</summary>
    public sealed class RequestMessageEvent_PoiCheckNotify : RequestMessageEventBase
    {
        public string UniqId { get; set; } = string.Empty;
        public string PoiId { get; set; } = string.Empty;
        public string Result { get; set; } = string.Empty;
        public string? Msg { get; set; }
    }

    /// <summary>Event <c>PUBLISHJOBFINISH</c>.</summary>
    public sealed class RequestMessageEvent_PublishJobFinish : RequestMessageEventBase
    {
        public PublishEventInfo PublishEventInfo { get; set; } = new();
    }

    /// <summary>Event <c>qualification_verify_success</c>.</summary>
    public sealed class RequestMessageEvent_QualificationVerifySuccess : RequestMessageEventBase
    {
        public long ExpiredTime { get; set; }
    }

    /// <summary>Event <c>scancode_push</c>.</summary>
    public sealed class RequestMessageEvent_ScanCodePush : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public ScanCodeInfo ScanCodeInfo { get; set; } = new();
    }

    /// <summary>Event <c>SCAN</c>.</summary>
    public sealed class RequestMessageEvent_Scan : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public string Ticket { get; set; } = string.Empty;
    }

    /// <summary>Event <c>ShakearoundUserShake</c>.</summary>
    public sealed class RequestMessageEvent_ShakearoundUserShake : RequestMessageEventBase
    {
        public ShakeBeacon ChosenBeacon { get; set; } = new();
        public List<ShakeBeacon> AroundBeacons { get; set; } = new();
    }

    /// <summary>Event <c>submit_invoice_title</c>.</summary>
    public sealed class RequestMessageEvent_SubmitInvoiceTitle : RequestMessageEventBase
    {
        public string title { get; set; } = string.Empty;
        public string? tax_no { get; set; }
        public string? addr { get; set; }
        public string? phone { get; set; }
        public string? bank_type { get; set; }
        public string? bank_no { get; set; }
        public string? attach { get; set; }
        public string title_type { get; set; } = string.Empty;
    }

    /// <summary>Event <c>submit_membercard_user_info</c>.</summary>
    public sealed class RequestMessageEvent_SubmitMemberCardUserInfo : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
    }

    /// <summary>Event <c>subscribe</c>.</summary>
    public sealed class RequestMessageEvent_Subscribe : RequestMessageEventBase
    {
        public string? EventKey { get; set; }
        public string? Ticket { get; set; }
    }

    /// <summary>Event <c>subscribe_msg_change_event</c>.</summary>
    public sealed class RequestMessageEvent_SubscribeMsgChange : RequestMessageEventBase
    {
        public List<SubscribeMsgChangeItem> SubscribeMsgChangeEvent { get; set; } = new();
    }

    /// <summary>Event <c>subscribe_msg_popup_event</c>.</summary>
    public sealed class RequestMessageEvent_SubscribeMsgPopup : RequestMessageEventBase
    {
        public List<SubscribeMsgPopupItem> SubscribeMsgPopupEvent { get; set; } = new();
    }

    /// <summary>Event <c>TEMPLATESENDJOBFINISH</c>.</summary>
    public sealed class RequestMessageEvent_TemplateSendJobFinish : RequestMessageEventBase
    {
        public long MsgID { get; set; }
        public string Status { get; set; } = string.Empty;
    }

    /// <summary>Event <c>unsubscribe</c>.</summary>
    public sealed class RequestMessageEvent_Unsubscribe : RequestMessageEventBase
    {
        public string? EventKey { get; set; }
    }

    /// <summary>Event <c>update_member_card</c>.</summary>
    public sealed class RequestMessageEvent_UpdateMemberCard : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
        public int ModifyBonus { get; set; }
        public int ModifyBalance { get; set; }
    }

    /// <summary>Event <c>user_authorization_revoke</c>.</summary>
    public sealed class RequestMessageEvent_UserAuthorizationRevoke : RequestMessageEventBase
    {
        public string? OpenID { get; set; }
        public string AppID { get; set; } = string.Empty;
        public string RevokeInfo { get; set; } = string.Empty;
        public string? UnionID { get; set; }
    }

    /// <summary>Event <c>user_authorize_invoice</c>.</summary>
    public sealed class RequestMessageEvent_UserAuthorizeInvoice : RequestMessageEventBase
    {
        public string? SuccOrderId { get; set; }
        public string? FailOrderId { get; set; }
        public string? AppId { get; set; }
        public string? AuthorizeAppId { get; set; }
        public string? Source { get; set; }
    }

    /// <summary>Event <c>user_del_card</c>.</summary>
    public sealed class RequestMessageEvent_UserDelCard : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
    }

    /// <summary>Event <c>user_enter_session_from_card</c>.</summary>
    public sealed class RequestMessageEvent_UserEnterSessionFromCard : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
    }

    /// <summary>Event <c>user_get_card</c>.</summary>
    public sealed class RequestMessageEvent_UserGetCard : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public bool IsGiveByFriend { get; set; }
        public string UserCardCode { get; set; } = string.Empty;
        public string? FriendUserName { get; set; }
        public int? OuterId { get; set; }
        public string? OldUserCardCode { get; set; }
        public string? OuterStr { get; set; }
        public bool? IsRestoreMemberCard { get; set; }
        public bool? IsRecommendByFriend { get; set; }
        public string? UnionId { get; set; }
        public string? SourceScene { get; set; }
    }

    /// <summary>Event <c>user_info_modified</c>.</summary>
    public sealed class RequestMessageEvent_UserInfoModified : RequestMessageEventBase
    {
        public string? OpenID { get; set; }
        public string AppID { get; set; } = string.Empty;
        public string? RevokeInfo { get; set; }
        public string? UnionID { get; set; }
    }

    /// <summary>Event <c>user_pay_from_pay_cell</c>.</summary>
    public sealed class RequestMessageEvent_UserPayFromPayCell : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
        public string TransId { get; set; } = string.Empty;
        public long? LocationId { get; set; }
        public long Fee { get; set; }
        public long OriginalFee { get; set; }
    }

    /// <summary>Event <c>user_scan_product_async</c>.</summary>
    public sealed class RequestMessageEvent_UserScanProductAsync : RequestMessageEventBase
    {
        public string KeyStandard { get; set; } = string.Empty;
        public string KeyStr { get; set; } = string.Empty;
        public string? ExtInfo { get; set; }
        public string? RegionCode { get; set; }
    }

    /// <summary>Event <c>user_scan_product_enter_session</c>.</summary>
    public sealed class RequestMessageEvent_UserScanProductEnterSession : RequestMessageEventBase
    {
        public string KeyStandard { get; set; } = string.Empty;
        public string KeyStr { get; set; } = string.Empty;
        public string? ExtInfo { get; set; }
    }

    /// <summary>Event <c>user_scan_product</c>.</summary>
    public sealed class RequestMessageEvent_UserScanProduct : RequestMessageEventBase
    {
        public string KeyStandard { get; set; } = string.Empty;
        public string KeyStr { get; set; } = string.Empty;
        public string? Country { get; set; }
        public string? Province { get; set; }
        public string? City { get; set; }
        public int? Sex { get; set; }
        public int? Scene { get; set; }
        public string? ExtInfo { get; set; }
    }

    /// <summary>Event <c>user_view_card</c>.</summary>
    public sealed class RequestMessageEvent_UserViewCard : RequestMessageEventBase
    {
        public string CardId { get; set; } = string.Empty;
        public string UserCardCode { get; set; } = string.Empty;
        public string? OuterStr { get; set; }
    }

    /// <summary>Event <c>verify_expired</c>.</summary>
    public sealed class RequestMessageEvent_VerifyExpired : RequestMessageEventBase
    {
        public long ExpiredTime { get; set; }
    }

    /// <summary>Event <c>VIEW</c>.</summary>
    public sealed class RequestMessageEvent_View : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public string? MenuId { get; set; }
    }

    /// <summary>Event <c>view_miniprogram</c>.</summary>
    public sealed class RequestMessageEvent_ViewMiniProgram : RequestMessageEventBase
    {
        public string EventKey { get; set; } = string.Empty;
        public string? MenuId { get; set; }
    }

    /// <summary>Event <c>WifiConnected</c>.</summary>
    public sealed class RequestMessageEvent_WifiConnected : RequestMessageEventBase
    {
        public long? ConnectTime { get; set; }
        public long? ExpireTime { get; set; }
        public string? VendorId { get; set; }
        public string? PlaceId { get; set; }
        public string? DeviceNo { get; set; }
    }
}
