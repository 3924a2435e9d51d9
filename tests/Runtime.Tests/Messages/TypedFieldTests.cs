using System;
using System.Text;
using WeChat.OfficialAccount.Events;
using WeChat.OfficialAccount.Messages;

namespace WeChat.OfficialAccount.Tests.Messages
{
    /// <summary>Typed values of real payloads, property by property: the spec's quirks land where a user expects them.</summary>
    public sealed class TypedFieldTests
    {
        private static T Parse<T>(string fixture)
            where T : WeChatMessage =>
            Assert.IsType<T>(WeChatMessageParser.Parse(Fixtures.Bytes(fixture)));

        [Fact]
        public void Text_message_has_header_content_and_64_bit_id()
        {
            TextMessage text = Parse<TextMessage>("msg_text.xml");

            Assert.Equal("toUser", text.ToUserName);
            Assert.Equal("fromUser", text.FromUserName);
            Assert.Equal(1348831860, text.CreateTime);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1348831860), text.CreatedAt);
            Assert.Equal("text", text.MsgType);
            Assert.Equal("this is a test", text.Content);
            Assert.Equal(1234567890123456L, text.MsgId);
            Assert.Null(text.Idx);
        }

        [Fact]
        public void Deduplication_key_is_the_msgid_for_messages_and_sender_time_event_and_key_for_events()
        {
            Assert.Equal("msg:1234567890123456", Parse<TextMessage>("msg_text.xml").DeduplicationKey);

            ClickEvent click = Parse<ClickEvent>("event_CLICK.xml");
            Assert.Equal($"evt:{click.FromUserName}:{click.CreateTime}:{click.Event}:{click.EventKey}", click.DeduplicationKey);

            var unsubscribe = new UnsubscribeEvent { FromUserName = "o1", CreateTime = 1700000000 };
            Assert.Equal("evt:o1:1700000000:unsubscribe:", unsubscribe.DeduplicationKey);
        }

        [Fact]
        public void Events_from_one_sender_in_one_second_that_differ_in_their_deduplicateBy_fields_have_different_keys()
        {
            // Two cards claimed in one action: two user_get_card events, same sender, same second, no EventKey.
            UserGetCardEvent first = Parse<UserGetCardEvent>("event_user_get_card.xml");
            string other = Encoding.UTF8.GetString(Fixtures.Bytes("event_user_get_card.xml")).Replace("226009850808", "226009850809", StringComparison.Ordinal);
            var second = Assert.IsType<UserGetCardEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(other)));

            Assert.Equal($"evt:{first.FromUserName}:1472551036:{first.Event}::pZI8Fjwsy5fVPRBeD78J4RmqVvBc:226009850808", first.DeduplicationKey);
            Assert.NotEqual(first.DeduplicationKey, second.DeduplicationKey);
            Assert.Equal(first.DeduplicationKey, Parse<UserGetCardEvent>("event_user_get_card.xml").DeduplicationKey);

            CardPayOrderEvent order = Parse<CardPayOrderEvent>("event_card_pay_order.xml");
            Assert.EndsWith(":" + order.OrderId, order.DeduplicationKey, StringComparison.Ordinal);
            Assert.Null(Parse<ClickEvent>("event_CLICK.xml").DeduplicationDetail);

            // Two publish jobs finishing in one second: told apart by the publish_id inside PublishEventInfo.
            Assert.EndsWith(":2247503051", Parse<PublishJobFinishEvent>("event_PUBLISHJOBFINISH_success.xml").DeduplicationKey, StringComparison.Ordinal);
        }

        [Fact]
        public void Events_that_carry_a_list_are_told_apart_by_every_item_of_it()
        {
            // One prompt answered for two templates: both template ids are in the key.
            SubscribeMsgPopupEvent popup = Parse<SubscribeMsgPopupEvent>("event_subscribe_msg_popup_event.xml");
            Assert.Equal(
                "evt:otFpruAK8D-E6EfStSYonYSBZ8_4:1610969440:subscribe_msg_popup_event::VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc,9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI",
                popup.DeduplicationKey);

            // Two notifications sent to one user in one second: two subscribe_msg_sent_event pushes that differ only in
            // the MsgID inside their List; without it the second would be taken for a retry of the first.
            static string Sent(long msgId) => "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event>"
                + "<SubscribeMsgSentEvent><List><TemplateId><![CDATA[t1]]></TemplateId><MsgID>" + msgId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + "</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent></xml>";
            var first = Assert.IsType<SubscribeMsgSentEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(Sent(1700710029614546944))));
            var second = Assert.IsType<SubscribeMsgSentEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(Sent(1700710029614546945))));
            var retry = Assert.IsType<SubscribeMsgSentEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(Sent(1700710029614546944))));

            Assert.Equal("evt:o1:1700000000:subscribe_msg_sent_event::1700710029614546944", first.DeduplicationKey);
            Assert.NotEqual(first.DeduplicationKey, second.DeduplicationKey);
            Assert.Equal(first.DeduplicationKey, retry.DeduplicationKey);
            Assert.Equal("evt:o1:1700000000:subscribe_msg_sent_event::", new SubscribeMsgSentEvent { FromUserName = "o1", CreateTime = 1700000000, Deliveries = null! }.DeduplicationKey);
        }

        [Fact]
        public void Location_x_is_latitude_and_location_y_is_longitude()
        {
            LocationMessage location = Parse<LocationMessage>("msg_location.xml");

            Assert.Equal(23.134521, location.Latitude);
            Assert.Equal(113.358803, location.Longitude);
            Assert.Equal(20, location.Scale);
            Assert.Equal("位置信息", location.Label);
        }

        [Fact]
        public void Location_select_reads_numbers_from_cdata()
        {
            LocationSelectEvent select = Parse<LocationSelectEvent>("event_location_select.xml");

            Assert.Equal("location_select", select.Event);
            Assert.Equal(23d, select.SendLocationInfo.Latitude);
            Assert.Equal(113d, select.SendLocationInfo.Longitude);
            Assert.Equal(15, select.SendLocationInfo.Scale);
            Assert.Equal("广州市海珠区客村艺苑路 106号", select.SendLocationInfo.Label);
        }

        [Fact]
        public void Single_picture_is_still_a_list()
        {
            PicPhotoOrAlbumEvent pictures = Parse<PicPhotoOrAlbumEvent>("event_pic_photo_or_album.xml");

            Assert.Equal("6", pictures.EventKey);
            Assert.Equal(1, pictures.SendPicsInfo.Count);
            SendPicsItem item = Assert.Single(pictures.SendPicsInfo.PicList);
            Assert.Equal("5a75aaca956d97be686719218f275c6b", item.PicMd5Sum);
        }

        [Fact]
        public void Job_finish_events_read_msgid_with_capital_d()
        {
            TemplateSendJobFinishEvent template = Parse<TemplateSendJobFinishEvent>("event_TEMPLATESENDJOBFINISH.xml");
            MassSendJobFinishEvent mass = Parse<MassSendJobFinishEvent>("event_MASSSENDJOBFINISH.xml");

            Assert.Equal(200163836L, template.MsgId);
            Assert.Equal("success", template.Status);

            // Keyed by that MsgID: two template messages finishing for one user in one second are two deliveries.
            Assert.Equal("msg:200163836", template.DeduplicationKey);
            Assert.Equal("msg:1000001625", mass.DeduplicationKey);
            Assert.Equal(1000001625L, mass.MsgId);
            Assert.Equal("err(30003)", mass.Status);
            Assert.Equal(2, mass.CopyrightCheckResult!.ResultList.Count);
            Assert.Equal("Url_2", mass.CopyrightCheckResult.ResultList[1].OriginalArticleUrl);
            Assert.True(mass.CopyrightCheckResult.ResultList[0].CanReprint);
            Assert.Equal(CopyrightCheckState.ReprintAllowed, mass.CopyrightCheckResult.CheckState);
            Assert.Equal("Url", Assert.Single(mass.ArticleUrlResult!.ResultList).ArticleUrl);
        }

        [Fact]
        public void Publish_job_children_are_lower_case_and_fail_idx_repeats()
        {
            PublishJobFinishEvent success = Parse<PublishJobFinishEvent>("event_PUBLISHJOBFINISH_success.xml");
            PublishJobFinishEvent failure = Parse<PublishJobFinishEvent>("event_PUBLISHJOBFINISH_fail.xml");

            Assert.Equal(2247503051L, success.PublishEventInfo.PublishId);
            Assert.Equal(PublishStatus.Succeeded, success.PublishEventInfo.PublishStatus);
            Assert.Equal("ARTICLE_URL", Assert.Single(success.PublishEventInfo.ArticleDetail!.Items).ArticleUrl);
            Assert.Equal(PublishStatus.OriginalityCheckFailed, failure.PublishEventInfo.PublishStatus);
            Assert.Equal(new[] { 1, 2 }, failure.PublishEventInfo.FailIdx);
        }

        [Fact]
        public void Subscription_popup_has_one_entry_per_template()
        {
            SubscribeMsgPopupEvent popup = Parse<SubscribeMsgPopupEvent>("event_subscribe_msg_popup_event.xml");

            Assert.Equal(2, popup.Subscriptions.Count);
            Assert.Equal(SubscribeMsgStatus.Accept, popup.Subscriptions[0].SubscribeStatus);
            Assert.Equal(SubscribeMsgStatus.Reject, popup.Subscriptions[1].SubscribeStatus);
            Assert.Equal(PopupScene.Article, popup.Subscriptions[0].PopupScene);
        }

        [Fact]
        public void Card_event_trims_whitespace_around_cdata_and_reads_flags()
        {
            UserGetCardEvent card = Parse<UserGetCardEvent>("event_user_get_card.xml");

            Assert.Equal("gh_fc0a06a20993", card.ToUserName);
            Assert.Equal("pZI8Fjwsy5fVPRBeD78J4RmqVvBc", card.CardId);
            Assert.False(card.IsGiveByFriend);
            Assert.Equal(string.Empty, card.FriendUserName);
        }

        [Fact]
        public void Subscribe_event_key_variants_are_decoded()
        {
            SubscribeEvent plain = Parse<SubscribeEvent>("event_subscribe.xml");
            SubscribeEvent product = Parse<SubscribeEvent>("event_subscribe_scan_product.xml");
            string qr = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event>"
                + "<EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>";
            var scanned = Assert.IsType<SubscribeEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(qr)));

            Assert.Null(plain.QrScene);
            Assert.Null(plain.ScannedProduct);
            Assert.Equal("123123", scanned.QrScene);
            Assert.Equal("TICKET", scanned.Ticket);
            Assert.Equal(("scanbarcode", "keystandard", "keystr"), product.ScannedProduct);
            Assert.Null(product.QrScene);
        }

        [Fact]
        public void Device_event_reads_its_own_event_element()
        {
            DeviceEventMessage device = Parse<DeviceEventMessage>("device_event_bind.xml");

            Assert.Equal(DeviceEventKind.Bind, device.DeviceEvent);
            Assert.Equal("MTIz", device.Content);
            Assert.Equal("123", device.DeviceId);
        }

        [Fact]
        public void Event_values_match_case_insensitively()
        {
            string xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>EVENT</MsgType><Event>click</Event><EventKey>K</EventKey></xml>";

            ClickEvent click = Assert.IsType<ClickEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml)));

            Assert.Equal("click", click.Event);
            Assert.Equal("K", click.EventKey);
        }

        [Fact]
        public void Unknown_event_keeps_every_element_and_writes_them_back()
        {
            string xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>brand_new</Event><EventKey>K</EventKey><Extra><Inner>1</Inner></Extra></xml>";

            UnknownEvent unknown = Assert.IsType<UnknownEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml)));

            Assert.Equal("brand_new", unknown.Event);
            Assert.Equal("K", unknown.EventKey);
            Assert.Equal(new[] { "EventKey", "Extra" }, unknown.UnknownElements.ConvertAll(e => e.Name));
            Assert.Contains("<Extra>\n<Inner>", unknown.ToXml());
        }

        [Fact]
        public void Unknown_msg_type_yields_unknown_message_with_all_elements()
        {
            string xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>hologram</MsgType><Depth>3</Depth></xml>";

            UnknownMessage unknown = Assert.IsType<UnknownMessage>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml)));

            Assert.Equal("hologram", unknown.MsgType);
            Assert.Equal("3", Assert.Single(unknown.UnknownElements).Value);
        }

        [Fact]
        public void Unknown_elements_on_known_types_are_kept_and_written_back()
        {
            TextMessage text = Parse<TextMessage>("msg_all_fields_superset_wxjava.xml");

            Assert.Contains(text.UnknownElements, e => e.Name == "ScanCodeInfo" && e.Children.Count == 2);
            Assert.Contains("<Ticket><![CDATA[TICKET]]></Ticket>", text.ToXml());
        }

        [Fact]
        public void Unknown_enum_values_survive_a_round_trip()
        {
            string xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>PUBLISHJOBFINISH</Event>"
                + "<PublishEventInfo><publish_id>1</publish_id><publish_status>42</publish_status></PublishEventInfo></xml>";

            var publish = Assert.IsType<PublishJobFinishEvent>(WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml)));

            Assert.Equal(PublishStatus.Unknown, publish.PublishEventInfo.PublishStatus);
            Assert.Equal("42", publish.PublishEventInfo.PublishStatusRaw);
            Assert.Contains("<publish_status>42</publish_status>", publish.ToXml());
            Assert.Contains("\"publish_status\":42", publish.ToJson());
        }
    }
}
