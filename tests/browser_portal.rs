//! The applicant portal in a real headless Chromium against a real `disclosure serve`: an
//! applicant applies online, gets a registration number and a tracking code, looks the case up
//! with them, and a wrong code shows nothing of the case (acceptance (4) of the web issue).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use fantoccini::{Client, Locator};

async fn fill(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn applicant_applies_online_and_tracks_the_case_with_the_code() {
    let Some((chromium, driver)) = support::require_browser() else {
        return;
    };
    let server = support::start_server(&[]);
    let base = server.base.clone();
    let browser = support::Browser::start(&chromium, &driver).await;
    let c = &browser.client;

    c.goto(&format!("{base}/apply")).await.unwrap();
    fill(c, "input[name=name]", "李四").await;
    fill(c, "input[name=id_number]", "11010519491231002X").await;
    fill(c, "input[name=phone]", "13912345678").await;
    fill(
        c,
        "textarea[name=description]",
        "2026年本区义务教育学校招生划片方案",
    )
    .await;
    browser.screenshot("portal-apply").await;
    c.find(Locator::Css("form[action='/apply'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("tracking-code"))
        .await
        .unwrap();
    browser.screenshot("portal-applied").await;
    let number = text_of(c, "#number").await;
    let code = text_of(c, "#tracking-code").await;
    assert!(
        number.len() == 9 && number.as_bytes()[4] == b'-',
        "a number like 2026-0049: {number}"
    );
    assert!(code.len() >= 8, "{code}");

    // Tracking with the number and the code shows the stage and the dates, not the applicant.
    c.goto(&format!("{base}/track")).await.unwrap();
    fill(c, "input[name=number]", &number).await;
    fill(c, "input[name=code]", &code).await;
    c.find(Locator::Css("form[action='/track'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("section.panel dl"))
        .await
        .unwrap();
    browser.screenshot("portal-track").await;
    let page = text_of(c, "main").await;
    assert!(page.contains("已登记"), "{page}");
    assert!(page.contains("答复期限"), "{page}");
    for private in ["李四", "11010519491231002X", "13912345678", "招生划片"] {
        assert!(!page.contains(private), "{private} must not show: {page}");
    }

    // A wrong code finds nothing.
    c.goto(&format!("{base}/track?number={number}&code=WRONG0000"))
        .await
        .unwrap();
    let page = text_of(c, "main").await;
    assert!(page.contains("未找到该申请"), "{page}");
    assert!(!page.contains("已登记"), "{page}");
}
