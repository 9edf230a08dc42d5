//! The staff workflow in a real headless Chromium against a real `disclosure serve` (SQLite, demo
//! users): a clerk registers an in-person application, an officer requests 补正, records the
//! correction and a search and drafts a 部分公开 reply, the approver approves and issues it, and the
//! reply PDF read back with pdftotext names the applicant and carries the 字号. Screenshots of each
//! main page go to target/screenshots/.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use fantoccini::{Client, Locator};
use serde_json::json;

async fn login(c: &Client, base: &str, user: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("demo-2026")
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_url(&url::Url::parse(&format!("{base}/workbench")).unwrap())
        .await
        .unwrap();
}

async fn logout(c: &Client) {
    c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Opens an action's form on the case page, fills it, and submits it with its button.
async fn act(c: &Client, action: &str, fields: serde_json::Value) {
    c.execute(
        "const f = document.querySelector(`form[action$='/actions/${arguments[0]}']`);
         if (!f) throw new Error('no action ' + arguments[0]);
         f.closest('details').open = true;
         for (const [k, v] of Object.entries(arguments[1])) {
           const el = f.elements[k];
           if (el.type === 'checkbox') el.checked = v; else el.value = v;
         }
         window.__before_submit = true;",
        vec![json!(action), fields],
    )
    .await
    .unwrap();
    c.find(Locator::Css(&format!(
        "form[action$='/actions/{action}'] button[type=submit]"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    // The action redirects back to the case page (a new document); an error shows in a .error box.
    wait_for_new_page(c).await;
    let errors = c.find_all(Locator::Css("p.error")).await.unwrap();
    if let Some(e) = errors.first() {
        panic!("{action} refused: {}", e.text().await.unwrap());
    }
}

/// Waits (bounded) until the page that set `window.__before_submit` has been replaced.
async fn wait_for_new_page(c: &Client) {
    for _ in 0..100 {
        let old = c
            .execute(
                "return window.__before_submit === true && document.readyState !== 'loading';",
                vec![],
            )
            .await
            .unwrap_or(json!(true));
        if old == json!(false) {
            c.wait().for_element(Locator::Css("h1")).await.unwrap();
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the form submission did not load a new page within 10 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn clerk_officer_and_approver_take_a_case_to_an_issued_partial_disclosure() {
    let Some((chromium, driver)) = support::require_browser() else {
        return;
    };
    let server = support::start_server(&[]);
    let base = server.base.clone();
    let browser = support::Browser::start(&chromium, &driver).await;
    let c = &browser.client;

    // (1) The clerk registers an in-person application; the name is hostile markup.
    login(c, &base, "clerk").await;
    browser.screenshot("workbench-clerk").await;
    c.goto(&format!("{base}/cases/new")).await.unwrap();
    c.find(Locator::Css("input[name=name]"))
        .await
        .unwrap()
        .send_keys("<script>alert(1)</script>")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=id_number]"))
        .await
        .unwrap()
        .send_keys("11010519491231002X")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=phone]"))
        .await
        .unwrap()
        .send_keys("13800138000")
        .await
        .unwrap();
    // Delivery by post: the 送达回证 issued with the reply needs the address.
    c.find(Locator::Css("input[name=address]"))
        .await
        .unwrap()
        .send_keys("示范市人民路1号")
        .await
        .unwrap();
    c.find(Locator::Css("textarea[name=description]"))
        .await
        .unwrap()
        .send_keys("2025年本区老旧小区改造项目的资金安排")
        .await
        .unwrap();
    // The scanned application goes up with the form (multipart, through the real browser).
    let scan_dir = tempfile::tempdir().unwrap();
    let scan = scan_dir.path().join("申请书扫描件.pdf");
    let scan_bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    std::fs::write(&scan, scan_bytes).unwrap();
    c.find(Locator::Css("input[type=file][name=files]"))
        .await
        .unwrap()
        .send_keys(scan.to_str().unwrap())
        .await
        .unwrap();
    browser.screenshot("register").await;
    c.find(Locator::Css("form[action='/cases'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let due = c
        .wait()
        .for_element(Locator::Id("due"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(due.ends_with('日'), "a computed due date: {due}");
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.starts_with("案件 2"), "{h1}");
    // The hostile name is shown as text, and no script ran.
    let page = c.source().await.unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped in the page source"
    );
    assert!(c.find(Locator::LinkText("打印登记回执")).await.is_ok());
    // R-APP-1: the scan is kept with the case, listed with its size (45 bytes).
    assert!(
        page.contains("<td>申请书扫描件.pdf</td><td>PDF</td><td>45 字节</td>"),
        "the scan is listed: {page}"
    );
    let case_url = c.current_url().await.unwrap();
    let case_path = case_url.path().to_string();
    browser.screenshot("case-registered").await;
    // Assign to the demo officer.
    act(c, "assign", json!({ "officer": "u-officer|钱进（承办）" })).await;
    logout(c).await;

    // (2) The officer: 补正, correction received, search, 部分公开 reply.
    login(c, &base, "officer").await;
    browser.screenshot("workbench-officer").await;
    c.goto(&format!("{base}{case_path}")).await.unwrap();
    let reply_by = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    act(
        c,
        "request_correction",
        json!({ "items": "请写明所需文件的名称或文号", "reply_by": reply_by }),
    )
    .await;
    act(c, "receive_correction", json!({})).await;
    act(c, "accept", json!({})).await;
    act(c, "record_search", json!({ "places": "本机关档案室、办公系统", "method": "关键词检索", "keywords": "老旧小区 改造", "result": "检索到资金安排表一份" })).await;
    act(
        c,
        "draft_reply",
        json!({
            "outcome": "partially_disclosed",
            "facts": "经检索，本机关保存有该项目资金安排表。",
            "decision": "现将可以公开的部分提供给您。",
            "disclosed": "项目资金安排表",
            "withheld": "评审专家身份证号码｜属于个人隐私（条例第十五条）",
            "provision": "paper"
        }),
    )
    .await;
    browser.screenshot("case-drafted").await;
    logout(c).await;

    // (3) The approver approves and issues; the reply PDF carries the name and the 字号.
    login(c, &base, "approver").await;
    c.goto(&format!("{base}/approvals")).await.unwrap();
    let waiting = c
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(waiting.contains("答复审批"), "{waiting}");
    browser.screenshot("approvals").await;
    c.goto(&format!("{base}{case_path}")).await.unwrap();
    act(c, "approve_reply", json!({})).await;
    act(c, "issue_reply", json!({})).await;
    browser.screenshot("case-issued").await;
    let b64 = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => {
               let s = ''; const a = new Uint8Array(buf);
               for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
               done(btoa(s));
             });",
            vec![json!(format!("{case_path}/reply.pdf"))],
        )
        .await
        .unwrap();
    let pdf = base64_decode(b64.as_str().unwrap());
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("<script>alert(1)</script>："),
        "the applicant as addressee: {text}"
    );
    assert!(text.contains("示区府办信公开〔"), "the 字号: {text}");
    assert!(
        text.contains("第三十七条"),
        "部分公开 cites Art. 37: {text}"
    );
    // The withheld item with its reason, under the letter's own heading.
    assert!(text.contains("二、不予公开的信息及理由"), "{text}");
    assert!(
        text.contains("评审专家身份证号码，理由：属于个人隐私"),
        "{text}"
    );
    drop(server);
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}
