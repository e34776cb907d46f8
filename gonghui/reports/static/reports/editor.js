// The draft editor (reports/documents/edit.html). The page holds the document as editable blocks; a figure is a
// <span class="fig" data-fig="TOKEN"> that is not edited by typing around it: a click opens it for editing, Enter or
// leaving it closes it. Saving sends each block's HTML; the server reads it back (drafting/editor.py) and trusts
// nothing but verified figure tokens. Saving carries the version the page started from: a stale tab is told so and
// keeps its text, which it can save as a new draft.
// Charts of a document (also on the wording preview, whose paper htmx swaps in).
function drawCharts(scope) {
  if (!window.echarts) { return; }
  scope.querySelectorAll(".doc-chart-canvas").forEach(function (el) {
    const o = JSON.parse(el.dataset.option);
    const chart = window.echarts.init(el, null, {renderer: "svg"});
    const text = {fontFamily: "Noto Sans CJK SC, sans-serif"};
    if (o.kind === "pie") {
      const s = o.series[0] || {values: []};
      chart.setOption({animation: false, textStyle: text, tooltip: {trigger: "item", renderMode: "richText"}, series: [{type: "pie", radius: "62%",
        data: o.categories.map(function (c, i) { return {name: c, value: s.values[i] || 0}; }).filter(function (d) { return d.value > 0; }),
        label: {formatter: "{b} {d}%"}}]});
    } else {
      chart.setOption({animation: false, textStyle: text, tooltip: {trigger: "axis", renderMode: "richText"}, legend: {show: o.series.length > 1, bottom: 0},
        grid: {left: 48, right: 16, top: 24, bottom: o.series.length > 1 ? 40 : 24},
        xAxis: {type: "category", data: o.categories},
        yAxis: {type: "value", name: o.unit, minInterval: o.unit === "元" || o.unit === "%" ? 0 : 1},
        series: o.series.map(function (s) { return {type: o.kind, name: s.name, data: s.values, label: {show: true, position: "top"}}; })});
    }
  });
}
window.gonghuiDrawCharts = drawCharts;
document.addEventListener("DOMContentLoaded", function () { if (!document.getElementById("draft-editor")) { drawCharts(document); } });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });

(function () {
  "use strict";
  const root = document.getElementById("draft-editor");
  if (!root) { return; }
  const editable = root.dataset.editable === "1";
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const saveState = document.getElementById("save-state");
  let version = parseInt(root.dataset.version, 10);
  let style = root.dataset.style;
  let dirty = false;
  let busy = false;
  const ITEM = /^(\d+)[．.](\s*)/;

  function paper() { return document.getElementById("doc-paper"); }
  function state(text, cls) { saveState.innerHTML = ""; const s = document.createElement("span"); s.className = cls || "text-muted"; s.textContent = text; saveState.appendChild(s); }
  function markDirty() { if (!editable) { return; } dirty = true; state("有未保存的修改", "text-warning fw-semibold"); }
  function showError(text) { const box = document.getElementById("error-box"); box.textContent = text; box.classList.remove("d-none"); }
  function hideBoxes() { ["error-box", "conflict-box"].forEach(function (id) { document.getElementById(id).classList.add("d-none"); }); }

  function replacePaper(html) {
    if (window.echarts) { paper().querySelectorAll(".doc-chart-canvas").forEach(function (el) { window.echarts.dispose(el); }); }
    paper().outerHTML = html;
    drawCharts(paper());
  }

  // --- reading the page --------------------------------------------------------------------------------------
  function collect() {
    const p = paper();
    const blocks = [];
    p.querySelectorAll("#doc-blocks > .doc-block").forEach(function (b) {
      const t = b.dataset.type;
      if (t === "heading") { blocks.push({type: "heading", level: parseInt(b.dataset.level, 10), html: b.querySelector("[data-edit]").innerHTML}); }
      else if (t === "paragraph") { blocks.push({type: "paragraph", kind: b.dataset.kind, html: b.querySelector("[data-edit]").innerHTML}); }
      else { blocks.push({type: "keep", token: b.dataset.token}); }
    });
    const subtitle = p.querySelector("[data-role=subtitle]");
    return {version: version, style: style, title: p.querySelector("[data-role=title]").innerText.trim(),
      subtitle: subtitle ? subtitle.innerText.trim() : "",
      signature: Array.from(p.querySelectorAll("[data-role=signature] [data-edit]")).map(function (e) { return e.innerText.trim(); }),
      blocks: blocks};
  }

  async function post(url, body) {
    let response, data;
    try {
      response = await fetch(url, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body || {})});
      data = await response.json();
    } catch (e) {
      data = {ok: false, error: "网络或服务器暂时无法连接，您的修改仍在本页中，请稍后再点“保存”。"};
    }
    return data;
  }

  async function save(extra) {
    if (!editable) { return {ok: true}; }
    if (busy) { return {ok: false, busy: true}; }
    busy = true;
    commitFigures();
    state("正在保存…");
    const payload = Object.assign(collect(), extra || {});
    const data = await post(root.dataset.saveUrl, payload);
    busy = false;
    if (data.ok) {
      if (data.redirect) { dirty = false; window.location = data.redirect; return data; }
      version = data.version; style = data.style; root.dataset.version = version;
      document.querySelectorAll("input[name=version]").forEach(function (i) { i.value = version; });
      dirty = false;
      hideBoxes();
      state("已保存 " + data.saved_at, "text-success");
      if (data.html) { replacePaper(data.html); }
    } else if (data.conflict) {
      document.getElementById("conflict-text").textContent = data.error;
      document.getElementById("conflict-box").classList.remove("d-none");
      state("未保存：他处已修改", "text-danger fw-semibold");
    } else {
      showError(data.error || "保存失败。");
      state("未保存", "text-danger fw-semibold");
    }
    return data;
  }

  async function check() {
    if (dirty) { const saved = await save(); if (!saved.ok) { return; } }
    const button = document.getElementById("check-btn");
    button.disabled = true;
    const data = await post(root.dataset.checkUrl, {});
    button.disabled = false;
    if (!data.ok) { showError(data.error || "核对失败。"); return; }
    replacePaper(data.html);
    const summary = document.getElementById("check-summary");
    const list = document.getElementById("stale-list");
    list.innerHTML = "";
    summary.className = data.stale_count ? "text-danger fw-semibold" : "text-success fw-semibold";
    summary.textContent = data.stale_count
      ? "核对时间 " + data.checked_at + "：共" + data.figure_count + "个数字，" + data.stale_count + "处与记录不符，已在文中用红框标出。"
      : "核对时间 " + data.checked_at + "：文中" + data.figure_count + "个数字均与记录一致。";
    data.stale.forEach(function (s) {
      const li = document.createElement("li");
      li.dataset.loc = s.loc;
      const head = document.createElement("div");
      const phrase = document.createElement("span"); phrase.className = "phrase"; phrase.textContent = s.phrase;
      head.appendChild(phrase); head.append(" · " + s.label);
      const message = document.createElement("div"); message.textContent = s.message;
      li.append(head, message);
      if (s.url) {
        const a = document.createElement("a"); a.href = s.url; a.target = "_blank"; a.rel = "noopener";
        a.textContent = "查看记录"; a.className = "small"; li.appendChild(a);
      }
      li.addEventListener("click", function (event) {
        if (event.target.tagName === "A") { return; }
        const span = paper().querySelector('.fig[data-loc="' + s.loc + '"]');
        if (span) { span.scrollIntoView({block: "center", behavior: "smooth"}); span.classList.remove("flash"); void span.offsetWidth; span.classList.add("flash"); }
      });
      list.appendChild(li);
    });
  }

  // --- figures -----------------------------------------------------------------------------------------------
  // An open figure offers the other style (准确数字 <-> 约数) under it: the server signed that figure too
  // (data-alt), so switching swaps token and phrase; the server reads the swapped span like any other.
  let switcher = null;
  function hideSwitch() { if (switcher) { switcher.remove(); switcher = null; } }
  function showSwitch(span) {
    hideSwitch();
    if (!span.dataset.alt) { return; }
    switcher = document.createElement("div");
    switcher.className = "fig-switch";
    const button = document.createElement("button");
    button.type = "button"; button.className = "btn btn-sm btn-light border";
    button.textContent = "改为" + span.dataset.altLabel + "：" + span.dataset.altText;
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the figure open
    button.addEventListener("click", function (event) {
      event.preventDefault(); event.stopPropagation();
      switchFigure(span);
    });
    switcher.appendChild(button);
    document.body.appendChild(switcher);
    const box = span.getBoundingClientRect();
    switcher.style.left = (window.scrollX + box.left) + "px";
    switcher.style.top = (window.scrollY + box.bottom + 4) + "px";
  }
  function switchFigure(span) {
    const before = {fig: span.dataset.fig, text: span.dataset.before || span.textContent, label: span.dataset.altLabel === "约数" ? "准确数字" : "约数"};
    span.dataset.fig = span.dataset.alt;
    span.textContent = span.dataset.altText;
    span.dataset.alt = before.fig; span.dataset.altText = before.text; span.dataset.altLabel = before.label;
    span.dataset.before = "";  // so that closing marks the page changed
    closeFigure(span, false);
    markDirty();
  }
  function openFigure(span) {
    commitFigures(span);
    // The figure becomes its own editing host while open (its paragraph is not editable meanwhile), so that
    // selecting all, Home/End and typing stay inside the number.
    const host = span.closest("[data-edit]");
    if (host) { host.contentEditable = "false"; }
    span.contentEditable = "true";
    span.classList.add("editing");
    span.dataset.before = span.textContent;
    span.focus();
    const range = document.createRange();
    range.selectNodeContents(span);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    showSwitch(span);
  }
  function closeFigure(span, revert) {
    hideSwitch();
    if (revert) { span.textContent = span.dataset.before; }
    span.textContent = span.textContent.replace(/[\r\n]+/g, "");
    span.contentEditable = "false";
    span.classList.remove("editing");
    const host = span.closest("[data-edit]");
    if (host && editable) { host.contentEditable = "true"; }
    if (span.textContent !== span.dataset.before) { markDirty(); }
    delete span.dataset.before;
    if (!span.textContent.trim()) { span.remove(); markDirty(); }
  }
  function commitFigures(except) {
    document.querySelectorAll(".fig.editing").forEach(function (span) { if (span !== except) { closeFigure(span, false); } });
  }

  // --- paragraphs --------------------------------------------------------------------------------------------
  function numbered(block) {
    return block && block.dataset.type === "paragraph" && ITEM.test(block.querySelector("[data-edit]").textContent);
  }
  function renumber(block) {
    let first = block;
    while (numbered(first && first.previousElementSibling)) { first = first.previousElementSibling; }
    let n = 0;
    for (let b = numbered(first) ? first : first.nextElementSibling; numbered(b); b = b.nextElementSibling) {
      n += 1;
      const p = b.querySelector("[data-edit]");
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode();
      if (node && ITEM.test(node.nodeValue)) { node.nodeValue = node.nodeValue.replace(ITEM, n + "．"); }
    }
  }
  function addParagraph(after) {
    const block = document.createElement("div");
    block.className = "doc-block"; block.dataset.type = "paragraph"; block.dataset.kind = "body";
    const tools = after.querySelector(".doc-tools");
    if (tools) { block.appendChild(tools.cloneNode(true)); }
    const p = document.createElement("p");
    p.className = "doc-p doc-body"; p.dataset.edit = ""; p.contentEditable = "true"; p.spellcheck = false;
    if (numbered(after)) { p.textContent = "0．"; }
    block.appendChild(p);
    after.after(block);
    if (numbered(block)) { renumber(block); }
    p.focus();
    const range = document.createRange(); range.selectNodeContents(p); range.collapse(false);
    const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    markDirty();
    return block;
  }
  function removeParagraph(block) {
    const text = block.querySelector("[data-edit]").textContent.trim();
    if (text && !window.confirm("删除这一段？\n\n" + text.slice(0, 60) + (text.length > 60 ? "…" : ""))) { return; }
    const neighbour = block.previousElementSibling || block.nextElementSibling;
    const wasNumbered = numbered(block);
    block.remove();
    if (wasNumbered && neighbour) { renumber(neighbour); }
    markDirty();
  }

  // --- events ------------------------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    const fig = event.target.closest(".fig");
    if (fig && paper().contains(fig)) {
      if (editable && !fig.classList.contains("editing")) { event.preventDefault(); openFigure(fig); return; }
      if (!editable && fig.dataset.url) { window.open(fig.dataset.url, "_blank", "noopener"); return; }
    }
    if (!event.target.closest(".fig.editing")) { commitFigures(); }
    const tool = event.target.closest(".doc-tools [data-act]");
    if (tool && editable) {
      const block = tool.closest(".doc-block");
      if (tool.dataset.act === "add") { addParagraph(block); } else { removeParagraph(block); }
    }
  });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") { event.preventDefault(); save(); return; }
    const fig = event.target.closest && event.target.closest(".fig.editing");
    if (fig) {
      if (event.key === "Enter") { event.preventDefault(); closeFigure(fig, false); }
      else if (event.key === "Escape") { event.preventDefault(); closeFigure(fig, true); }
      return;
    }
    if (event.key === "Enter" && editable && event.target.closest && event.target.closest("#doc-paper [contenteditable=true]")) {
      event.preventDefault();
      const block = event.target.closest(".doc-block");
      if (block && block.dataset.type === "paragraph") { addParagraph(block); }
    }
  });
  document.addEventListener("focusout", function (event) {
    const fig = event.target.closest && event.target.closest(".fig.editing");
    if (fig) { closeFigure(fig, false); }
  });
  document.addEventListener("input", function (event) { if (event.target.closest && event.target.closest("#doc-paper")) { markDirty(); } });
  document.addEventListener("paste", function (event) {
    if (!event.target.closest || !event.target.closest("#doc-paper")) { return; }
    event.preventDefault();
    const text = (event.clipboardData || window.clipboardData).getData("text/plain").replace(/[\r\n]+/g, "");
    document.execCommand("insertText", false, text);
  });
  document.addEventListener("drop", function (event) { if (event.target.closest && event.target.closest("#doc-paper")) { event.preventDefault(); } });

  const saveButton = document.getElementById("save-btn");
  if (saveButton) { saveButton.addEventListener("click", function () { save(); }); }
  document.getElementById("check-btn").addEventListener("click", check);
  const styleSelect = document.getElementById("style-select");
  if (styleSelect) {
    styleSelect.addEventListener("change", async function () {
      const data = await save({style: styleSelect.value, render: true});
      if (!data.ok) { styleSelect.value = style; }
    });
  }
  document.getElementById("save-as-new-btn").addEventListener("click", function () { save({as_new: true}); });
  document.querySelectorAll("[data-download]").forEach(function (link) {
    link.addEventListener("click", async function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      const saved = await save();
      if (saved.ok) { window.location = link.href; }
    });
  });
  const finalise = document.getElementById("finalise-form");
  if (finalise) {
    finalise.addEventListener("submit", async function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      const saved = await save();
      if (saved.ok) { finalise.submit(); }
    });
  }
  window.addEventListener("beforeunload", function (event) { if (dirty) { event.preventDefault(); event.returnValue = ""; } });
  drawCharts(document);
})();
