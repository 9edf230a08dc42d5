//! The deadline calculator in a real headless Chromium against a real `disclosure serve`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn r_time_5_officer_computes_a_deadline_in_the_browser() {
    let Some((chromium, driver)) = support::require_browser() else {
        return;
    };
    let server = support::start_server(&[]);
    let browser = support::Browser::start(&chromium, &driver).await;
    let c = &browser.client;

    c.goto(&format!("{}/", server.base)).await.unwrap();
    c.find(Locator::LinkText("期限计算器"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/tools/deadline"));

    // Date inputs are locale-formatted when typed; set their ISO value as a form would submit it.
    for (name, value) in [
        ("received", "2026-01-26"),
        ("consult_from", "2026-02-06"),
        ("consult_until", "2026-03-02"),
    ] {
        c.execute(
            "document.querySelector(`[name=${arguments[0]}]`).value = arguments[1];",
            vec![name.into(), value.into()],
        )
        .await
        .unwrap();
    }
    c.find(Locator::Css("input[name=extension_days]"))
        .await
        .unwrap()
        .send_keys("5")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=approver]"))
        .await
        .unwrap()
        .send_keys("<script>alert(1)</script>")
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // 20 days from 01-26 with (02-06, 03-02] not counted: 03-17; +5 working days: 03-24.
    let due = c.wait().for_element(Locator::Id("due")).await.unwrap();
    assert_eq!(due.text().await.unwrap(), "2026年3月24日");
    let explanation = c
        .find(Locator::Css("ol.explain"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        explanation
            .contains("征求第三方意见：2026年2月6日次日至2026年3月2日不计入期限（12个工作日）"),
        "{explanation}"
    );
    // The approver's name is shown as text, never run.
    assert!(
        explanation.contains("经<script>alert(1)</script>同意延长答复期限5个工作日"),
        "{explanation}"
    );
    browser.screenshot("calculator").await;
    c.clone().close().await.unwrap();
}
