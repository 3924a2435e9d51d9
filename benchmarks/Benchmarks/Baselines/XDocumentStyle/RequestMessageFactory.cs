using System.Xml.Linq;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    /// <summary>
    /// Senparc-style inbound parsing: the body is decoded to a string, loaded into an <see cref="XDocument"/>, the
    /// model class is picked by a hand-written switch on MsgType (then Event) in upper case, and filled by reflection.
    /// </summary>
    public static class RequestMessageFactory
    {
        /// <summary>Parses a decoded request body.</summary>
        public static RequestMessageBase GetRequestEntity(string xml)
        {
            XDocument doc = XDocument.Parse(xml);
            RequestMessageBase requestMessage = CreateEntity(doc);
            EntityFiller.FillEntityWithXml(requestMessage, doc);
            return requestMessage;
        }

        private static RequestMessageBase CreateEntity(XDocument doc)
        {
            // Senparc parses MsgType with Enum.Parse(ignoreCase), which also ignores surrounding whitespace.
            string msgType = doc.Root!.Element("MsgType")!.Value.Trim().ToUpperInvariant();
            switch (msgType)
            {
                case "EVENT": return CreateEvent(doc.Root.Element("Event")!.Value.Trim().ToUpperInvariant());
                case "DEVICE_EVENT": return new RequestMessageDeviceEvent();
                case "DEVICE_TEXT": return new RequestMessageDeviceText();
                case "IMAGE": return new RequestMessageImage();
                case "LINK": return new RequestMessageLink();
                case "LOCATION": return new RequestMessageLocation();
                case "MINIPROGRAMPAGE": return new RequestMessageMiniProgramPage();
                case "TEXT": return new RequestMessageText();
                case "VIDEO": return new RequestMessageVideo();
                case "VOICE": return new RequestMessageVoice();
                default: return new RequestMessageUnknownType();
            }
        }

        private static RequestMessageBase CreateEvent(string eventName)
        {
            switch (eventName)
            {
                case "ANNUAL_RENEW": return new RequestMessageEvent_AnnualRenew();
                case "CARD_NOT_PASS_CHECK": return new RequestMessageEvent_CardNotPassCheck();
                case "CARD_PASS_CHECK": return new RequestMessageEvent_CardPassCheck();
                case "CARD_PAY_ORDER": return new RequestMessageEvent_CardPayOrder();
                case "CLICK": return new RequestMessageEvent_Click();
                case "KF_CLOSE_SESSION": return new RequestMessageEvent_KfCloseSession();
                case "KF_CREATE_SESSION": return new RequestMessageEvent_KfCreateSession();
                case "LOCATION": return new RequestMessageEvent_Location();
                case "LOCATION_SELECT": return new RequestMessageEvent_LocationSelect();
                case "MASSSENDJOBFINISH": return new RequestMessageEvent_MassSendJobFinish();
                case "MERCHANT_ORDER": return new RequestMessageEvent_MerchantOrder();
                case "NAMING_VERIFY_SUCCESS": return new RequestMessageEvent_NamingVerifySuccess();
                case "PIC_PHOTO_OR_ALBUM": return new RequestMessageEvent_PicPhotoOrAlbum();
                case "PIC_SYSPHOTO": return new RequestMessageEvent_PicSysPhoto();
                case "POI_CHECK_NOTIFY": return new RequestMessageEvent_PoiCheckNotify();
                case "PUBLISHJOBFINISH": return new RequestMessageEvent_PublishJobFinish();
                case "QUALIFICATION_VERIFY_SUCCESS": return new RequestMessageEvent_QualificationVerifySuccess();
                case "SCANCODE_PUSH": return new RequestMessageEvent_ScanCodePush();
                case "SCAN": return new RequestMessageEvent_Scan();
                case "SHAKEAROUNDUSERSHAKE": return new RequestMessageEvent_ShakearoundUserShake();
                case "SUBMIT_INVOICE_TITLE": return new RequestMessageEvent_SubmitInvoiceTitle();
                case "SUBMIT_MEMBERCARD_USER_INFO": return new RequestMessageEvent_SubmitMemberCardUserInfo();
                case "SUBSCRIBE": return new RequestMessageEvent_Subscribe();
                case "SUBSCRIBE_MSG_CHANGE_EVENT": return new RequestMessageEvent_SubscribeMsgChange();
                case "SUBSCRIBE_MSG_POPUP_EVENT": return new RequestMessageEvent_SubscribeMsgPopup();
                case "TEMPLATESENDJOBFINISH": return new RequestMessageEvent_TemplateSendJobFinish();
                case "UNSUBSCRIBE": return new RequestMessageEvent_Unsubscribe();
                case "UPDATE_MEMBER_CARD": return new RequestMessageEvent_UpdateMemberCard();
                case "USER_AUTHORIZATION_REVOKE": return new RequestMessageEvent_UserAuthorizationRevoke();
                case "USER_AUTHORIZE_INVOICE": return new RequestMessageEvent_UserAuthorizeInvoice();
                case "USER_DEL_CARD": return new RequestMessageEvent_UserDelCard();
                case "USER_ENTER_SESSION_FROM_CARD": return new RequestMessageEvent_UserEnterSessionFromCard();
                case "USER_GET_CARD": return new RequestMessageEvent_UserGetCard();
                case "USER_INFO_MODIFIED": return new RequestMessageEvent_UserInfoModified();
                case "USER_PAY_FROM_PAY_CELL": return new RequestMessageEvent_UserPayFromPayCell();
                case "USER_SCAN_PRODUCT_ASYNC": return new RequestMessageEvent_UserScanProductAsync();
                case "USER_SCAN_PRODUCT_ENTER_SESSION": return new RequestMessageEvent_UserScanProductEnterSession();
                case "USER_SCAN_PRODUCT": return new RequestMessageEvent_UserScanProduct();
                case "USER_VIEW_CARD": return new RequestMessageEvent_UserViewCard();
                case "VERIFY_EXPIRED": return new RequestMessageEvent_VerifyExpired();
                case "VIEW": return new RequestMessageEvent_View();
                case "VIEW_MINIPROGRAM": return new RequestMessageEvent_ViewMiniProgram();
                case "WIFICONNECTED": return new RequestMessageEvent_WifiConnected();
                default: return new RequestMessageUnknownType();
            }
        }
    }
}
