/* Chantra widget: the app banner, what the Senate is doing now and the latest bill changes.
   No framework, no cookies, no requests but to the Chantra API; CSP-friendly (no eval, no inline
   style: the stylesheet is constructed and adopted by a shadow root). */
(function () {
  "use strict";
  var C = "__CHANTRA_CONFIG__";
  var SVG = "http://www.w3.org/2000/svg";
  var T = {
    th: {
      name: "จันทรา", title: "จันทรา แอปของวุฒิสภา",
      tag: "ติดตามการประชุมวุฒิสภาและร่างกฎหมายได้ทุกที่ แจ้งเตือนทันทีเมื่อมีความเคลื่อนไหว",
      ios: "ดาวน์โหลดบน App Store", android: "ดาวน์โหลดบน Google Play",
      qr: "คิวอาร์โค้ดสำหรับดาวน์โหลดแอปจันทรา",
      now: "วุฒิสภาตอนนี้", live: "กำลังประชุม", floor: "วาระที่กำลังพิจารณา:",
      next: "การประชุมครั้งถัดไป:", none: "ยังไม่มีกำหนดการประชุม",
      bills: "ความเคลื่อนไหวร่างกฎหมายล่าสุด", billsOf: "ความเคลื่อนไหวร่างกฎหมายล่าสุด: ",
      noBills: "ยังไม่มีร่างกฎหมาย", loading: "กำลังโหลด…",
      down: "ขณะนี้ไม่สามารถแสดงข้อมูลสดได้", updated: "ปรับปรุง "
    },
    en: {
      name: "Chantra", title: "Chantra, the Senate's app",
      tag: "Follow Senate sittings and bills anywhere, with an alert the moment something moves.",
      ios: "Download on the App Store", android: "Get it on Google Play",
      qr: "QR code to download the Chantra app",
      now: "The Senate now", live: "In session", floor: "On the floor:",
      next: "Next sitting:", none: "No sitting is scheduled yet",
      bills: "Latest bill changes", billsOf: "Latest bill changes: ",
      noBills: "No bills yet", loading: "Loading…",
      down: "Live data is unavailable right now.", updated: "Updated "
    }
  };
  var sheet = null;
  var count = 0;

  function el(tag, cls, text, lang) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    if (lang) e.setAttribute("lang", lang);
    return e;
  }

  function qr(label) {
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("viewBox", "0 0 " + C.qr.size + " " + C.qr.size);
    s.setAttribute("role", "img");
    s.setAttribute("aria-label", label);
    s.setAttribute("shape-rendering", "crispEdges");
    var p = document.createElementNS(SVG, "path");
    p.setAttribute("d", C.qr.d);
    p.setAttribute("fill", "#000");
    s.appendChild(p);
    return s;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    a.rel = "noopener";
    a.target = "_blank";
    return a;
  }

  function when(iso, thai, lang) {
    if (lang === "th") return thai;
    return new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Bangkok", weekday: "short", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  }

  function sittingName(m, lang) {
    if (lang === "th") return el("span", null, m.title, "th");
    return el("span", null, m.bodyEn + (m.sittingNumber ? " No. " + m.sittingNumber : ""), "en");
  }

  function get(api, path) {
    // Credentials omitted: the widget sets and sends no cookies.
    return fetch(api + path, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function fill(box, nodes) {
    box.replaceChildren.apply(box, nodes);
  }

  function renderLive(box, data, t, lang) {
    var m = data.items && data.items[0];
    if (m) {
      var p = el("p");
      p.append(el("span", "l", t.live), sittingName(m, lang));
      var out = [p];
      if (m.currentItem) {
        var f = el("p");
        f.append(t.floor + " ", el("span", null, m.currentItem.title, "th"));
        out.push(f);
      }
      fill(box, out);
    } else if (data.next) {
      var n = el("p");
      n.append(t.next + " ", sittingName(data.next, lang));
      fill(box, [n, el("p", "m", when(data.next.start, data.next.startThai, lang))]);
    } else {
      fill(box, [el("p", null, t.none)]);
    }
  }

  function renderBills(box, data, t, lang) {
    var items = (data.items || []).slice().sort(function (a, b) { return a.updatedAt < b.updatedAt ? 1 : -1; }).slice(0, 5);
    if (!items.length) { fill(box, [el("p", null, t.noBills)]); return; }
    var ul = el("ul");
    items.forEach(function (b) {
      var li = el("li");
      var en = lang === "en" && b.titleEn;
      li.append(el("span", null, en ? b.titleEn : b.title, en ? "en" : "th"),
        el("br"), el("span", "m", (lang === "en" ? b.stageEn : b.stageTh) + " · " + t.updated + when(b.updatedAt, b.updatedAtThai, lang)));
      ul.append(li);
    });
    fill(box, [ul]);
  }

  function down(box, t) {
    fill(box, [el("p", "u", t.down)]);
  }

  function mount(host) {
    var lang = host.getAttribute("data-lang") === "en" ? "en" : "th";
    var t = T[lang];
    var ministry = host.getAttribute("data-ministry");
    var api = new URL(host.getAttribute("data-api") || "/api/v1/", document.baseURI).href;
    var id = "chantra-" + (++count);
    var root = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(C.css); }
      root.adoptedStyleSheets = [sheet];
    } else {
      // Safari < 16.4, Firefox < 101 (phones that cannot update): a <style>, which a strict CSP allows only by its hash.
      var st = document.createElement("style");
      st.textContent = C.css;
      root.append(st);
    }

    var w = el("section", "w", null, lang);
    w.setAttribute("aria-labelledby", id + "-h");
    var banner = el("div", "b");
    var text = el("div", "t");
    var h = el("h2", null, t.title);
    h.id = id + "-h";
    var stores = el("div", "s");
    stores.append(link(C.appStore, t.ios), link(C.play, t.android));
    text.append(h, el("p", null, t.tag), stores);
    var code = el("div", "q");
    code.append(qr(t.qr));
    banner.append(text, code);

    var data = el("div", "d");
    var now = el("div", "n");
    var nowBox = el("div", null, null);
    nowBox.setAttribute("aria-live", "polite");
    nowBox.append(el("p", "m", t.loading));
    var nh = el("h3", null, t.now);
    now.append(nh, nowBox);
    var bills = el("div", "k");
    var billsBox = el("div");
    billsBox.append(el("p", "m", t.loading));
    var bh = el("h3", null, ministry ? t.billsOf + ministry.toUpperCase() : t.bills);
    bills.append(bh, billsBox);
    data.append(now, bills);
    w.append(banner, data);
    root.append(w);

    var billsPath = "bills?pageSize=100" + (ministry ? "&ministry=" + encodeURIComponent(ministry) : "");
    function refresh() {
      get(api, "meetings/live").then(function (d) { renderLive(nowBox, d, t, lang); }, function () { down(nowBox, t); });
      get(api, billsPath).then(function (d) { renderBills(billsBox, d, t, lang); }, function () { down(billsBox, t); });
    }
    if (ministry) {
      // The ministry's name rather than its code, once the (long-cached) catalogue answers.
      get(api, "ministries").then(function (d) {
        var m = (d.items || []).filter(function (x) { return x.code === ministry; })[0];
        if (m) bh.textContent = t.billsOf + (lang === "en" ? m.nameEn : m.nameTh);
      }, function () { });
    }
    refresh();
    // The Senate moves item by item: a minute keeps up without loading the API (answers carry ETags).
    setInterval(function () { if (!document.hidden) refresh(); }, 60000);
  }

  function scan() {
    var hosts = document.querySelectorAll("[data-chantra-widget]");
    for (var i = 0; i < hosts.length; i++) {
      if (!hosts[i].shadowRoot) mount(hosts[i]);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
