/* lowcode desk: shared helpers, menus, link autocomplete and the list view.
   No eval, no inline scripts: page data comes from JSON script blocks and data-* attributes. */
"use strict";

const Desk = (() => {
  const boot = JSON.parse(document.getElementById("desk-boot")?.textContent || "{}");
  const t = (text, values = {}) =>
    (boot.messages?.[text] || text).replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
  const slug = (doctype) => doctype.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const enc = encodeURIComponent;

  async function request(method, path, body) {
    const headers = { Accept: "application/json", "X-Frappe-CSRF-Token": boot.csrf || "" };
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    const res = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
    let data = {};
    try { data = await res.json(); } catch { data = {}; }
    if (!res.ok) {
      const error = new Error(data.message || res.statusText);
      Object.assign(error, { status: res.status, data });
      throw error;
    }
    return data;
  }
  const method = (name, args, verb = "POST") => {
    if (verb === "GET") return request("GET", `/api/method/${name}?${new URLSearchParams(args)}`).then((d) => d.message);
    return request("POST", `/api/method/${name}`, args).then((d) => d.message);
  };

  function toast(text, kind = "info") {
    const box = document.getElementById("toasts");
    if (!box) return;
    const item = document.createElement("div");
    item.className = `toast ${kind}`;
    item.textContent = text;
    box.append(item);
    setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
  }

  const debounce = (fn, ms) => { let timer; return (...a) => { clearTimeout(timer); timer = setTimeout(() => fn(...a), ms); }; };

  /* A suggestion list under an input (link fields, @mentions): placing it, and moving its highlighted option. */
  function placeBelow(list, input, minWidth) {
    const box = input.getBoundingClientRect();
    Object.assign(list.style, { left: `${box.left + scrollX}px`, top: `${box.bottom + scrollY}px`, minWidth: `${minWidth ?? box.width}px` });
  }
  function moveCursor(options, cursor, down, input) {
    const next = (cursor + (down ? 1 : -1) + options.length) % options.length;
    options.forEach((o, i) => o.classList.toggle("active", i === next));
    input.setAttribute("aria-activedescendant", options[next]?.id || "");
    return next;
  }

  return { boot, t, slug, enc, request, method, toast, debounce, placeBelow, moveCursor };
})();

/* ---- menus, dialogs, language switch ------------------------------------------------- */
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle]");
  document.querySelectorAll(".menu:not([hidden])").forEach((menu) => {
    if (!menu.contains(event.target) && (!toggle || document.querySelector(toggle.dataset.toggle) !== menu)) {
      menu.hidden = true;
      document.querySelector(`[data-toggle="#${menu.id}"]`)?.setAttribute("aria-expanded", "false");
    }
  });
  if (toggle) {
    const menu = document.querySelector(toggle.dataset.toggle);
    menu.hidden = !menu.hidden;
    toggle.setAttribute("aria-expanded", String(!menu.hidden));
  }
  const closer = event.target.closest("[data-close-dialog]");
  if (closer) closer.closest("dialog")?.close();
});
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") document.querySelectorAll(".menu:not([hidden])").forEach((m) => { m.hidden = true; });
});
document.addEventListener("DOMContentLoaded", () => {
  const pending = sessionStorage.getItem("desk-toast");
  if (pending) { sessionStorage.removeItem("desk-toast"); Desk.toast(pending, "success"); }
});

/* ---- link autocomplete (lowcode.client.search_link, permission-checked on the server) ---- */
const LinkField = (() => {
  let active = null;
  let items = [];
  let cursor = -1;
  const menu = () => {
    let el = document.getElementById("link-menu");
    if (!el) {
      el = document.createElement("div");
      Object.assign(el, { id: "link-menu", className: "link-menu", hidden: true });
      el.setAttribute("role", "listbox");
      document.body.append(el);
    }
    return el;
  };
  const targetDoctype = (input) => {
    if (input.dataset.link) return input.dataset.link;
    const source = input.closest("[data-form-main]")?.querySelector(`[data-fieldname="${input.dataset.dynamicLink}"]`);
    return source?.value || "";
  };
  function close() {
    menu().hidden = true;
    active?.setAttribute("aria-expanded", "false");
    active = null;
  }
  function choose(index) {
    const item = items[index];
    const input = active;
    close();
    if (!item || !input) return;
    if (item.create) { document.dispatchEvent(new CustomEvent("desk:quick-entry", { detail: { input, doctype: item.create } })); return; }
    input.value = item.value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function render(input, doctype, results) {
    const el = menu();
    items = results.map((r) => ({ value: r.value, label: r.label || r.value, description: r.description }));
    if (input.closest("[data-form-main]") && !input.closest("[data-quick-entry]")) items.push({ create: doctype, label: Desk.t("Create a new {doctype}", { doctype }) });
    el.replaceChildren(...items.map((item, i) => {
      const option = document.createElement("div");
      option.setAttribute("role", "option");
      option.id = `link-option-${i}`;
      option.className = item.create ? "create" : "";
      option.dataset.index = i;
      option.textContent = item.label;
      if (item.description) {
        const small = document.createElement("small");
        small.textContent = item.description;
        option.append(small);
      }
      return option;
    }));
    if (!results.length) { const none = document.createElement("p"); none.className = "muted"; none.textContent = Desk.t("No results"); el.prepend(none); }
    Desk.placeBelow(el, input);
    el.hidden = false;
    cursor = -1;
    active = input;
    input.setAttribute("aria-expanded", "true");
    input.setAttribute("aria-controls", "link-menu");
  }
  const search = Desk.debounce(async (input) => {
    const doctype = targetDoctype(input);
    if (!doctype || document.activeElement !== input) return;
    try {
      const results = await Desk.method("lowcode.client.search_link", { doctype, txt: input.value }, "GET");
      if (document.activeElement === input) render(input, doctype, results);
    } catch (error) { Desk.toast(error.message, "error"); }
  }, 200);
  const isLink = (el) => el.matches?.("input[data-link], input[data-dynamic-link]") && !el.readOnly;
  document.addEventListener("focusin", (e) => { if (isLink(e.target)) search(e.target); });
  document.addEventListener("input", (e) => { if (isLink(e.target)) search(e.target); });
  document.addEventListener("focusout", (e) => { if (e.target === active) setTimeout(() => { if (document.activeElement !== active) close(); }, 150); });
  document.addEventListener("mousedown", (e) => {
    const option = e.target.closest("#link-menu [role=option]");
    if (option) { e.preventDefault(); choose(Number(option.dataset.index)); }
  });
  document.addEventListener("keydown", (e) => {
    if (!active || e.target !== active || menu().hidden) return;
    const options = menu().querySelectorAll("[role=option]");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      cursor = Desk.moveCursor(options, cursor, e.key === "ArrowDown", active);
    } else if (e.key === "Enter" && cursor >= 0) {
      e.preventDefault();
      e.stopPropagation();
      choose(cursor);
    } else if (e.key === "Escape") {
      close();
    }
  }, true);
  return { isOpen: () => active !== null && !menu().hidden };
})();

/* ---- list view ------------------------------------------------------------------------ */
const ListView = (() => {
  const root = () => document.querySelector(".list-view");
  const form = () => document.getElementById("list-form");
  const filtersInput = () => document.getElementById("list-filters");
  const filters = () => { try { return JSON.parse(filtersInput().value || "[]"); } catch { return []; } };
  function setFilters(list) {
    filtersInput().value = list.length ? JSON.stringify(list) : "";
    filtersInput().dispatchEvent(new Event("change", { bubbles: true }));
  }
  const selected = () => [...document.querySelectorAll("[data-row-check]:checked")].map((c) => c.value);
  function updateBulk() {
    const bar = document.querySelector("[data-bulk-bar]");
    if (!bar) return;
    const names = selected();
    bar.hidden = names.length === 0;
    bar.querySelector("[data-bulk-count]").textContent = `${names.length} ✓`;
    const link = bar.querySelector("[data-bulk-export]");
    if (link) { const u = new URL(link.href); u.searchParams.set("names", names.join(",")); link.href = u.toString(); }
  }
  const reload = () => form() && htmx.trigger(form(), "submit");
  async function bulk(name, args) {
    const doctype = root().dataset.doctype;
    const result = await Desk.method(name, { doctype, names: JSON.stringify(selected()), ...args });
    result.failed.forEach((f) => Desk.toast(`${f.name}: ${f.message}`, "error"));
    if (result.done.length) Desk.toast(`${Desk.t(name.endsWith("delete") ? "Deleted" : "Updated")}: ${result.done.length}`, "success");
    reload();
  }
  document.addEventListener("click", async (event) => {
    if (!root()) return;
    const el = event.target;
    const row = el.closest("tr[data-href]");
    if (row && !el.closest("input, a, button, label")) { location.assign(row.dataset.href); return; }
    if (el.matches("[data-fb-add]")) {
      const field = document.querySelector("[data-fb-field]").value;
      const op = document.querySelector("[data-fb-op]").value;
      const value = document.querySelector("[data-fb-value]").value;
      setFilters([...filters(), [field, op, value]]);
      document.querySelector("[data-fb-value]").value = "";
    } else if (el.matches("[data-remove-filter]")) {
      const list = filters();
      list.splice(Number(el.dataset.removeFilter), 1);
      setFilters(list);
    } else if (el.matches("[data-order-dir]")) {
      el.dataset.orderDir = el.dataset.orderDir === "desc" ? "asc" : "desc";
      el.textContent = el.dataset.orderDir === "desc" ? "↓" : "↑";
      setOrder();
    } else if (el.matches("[data-bulk-edit]")) {
      await bulk("lowcode.web.desk.actions.bulk_update", { fieldname: document.querySelector("[data-bulk-field]").value, value: document.querySelector("[data-bulk-value]").value });
    } else if (el.matches("[data-bulk-delete]")) {
      if (confirm(`${Desk.t("Delete")} ${selected().length}?`)) await bulk("lowcode.web.desk.actions.bulk_delete", {});
    } else if (el.matches("[data-save-filter]")) {
      const name = prompt(el.textContent.trim());
      if (!name) return;
      const data = new FormData(form());
      const standard = [...form().querySelectorAll(".std-filter [data-fieldname]")].filter((el) => el.value).map((el) => [el.dataset.fieldname, "=", el.value]);
      await Desk.request("POST", "/api/resource/List Filter", {
        filter_name: name, reference_doctype: root().dataset.doctype, filters: JSON.stringify([...standard, ...filters()]), search: data.get("q") || "", order_by: data.get("order_by") || "",
      }).catch((e) => Desk.toast(e.message, "error"));
      location.reload();
    } else if (el.matches("[data-delete-filter]")) {
      await Desk.request("DELETE", `/api/resource/List Filter/${Desk.enc(el.dataset.deleteFilter)}`).catch((e) => Desk.toast(e.message, "error"));
      el.closest("li").remove();
    }
  });
  function setOrder() {
    const field = document.querySelector("[data-order-field]").value;
    const dir = document.querySelector("[data-order-dir]").dataset.orderDir;
    const input = document.getElementById("list-order-by");
    input.value = `${field} ${dir}`;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.addEventListener("change", (event) => {
    if (!root()) return;
    const el = event.target;
    if (el.matches("[data-select-all]")) document.querySelectorAll("[data-row-check]").forEach((c) => { c.checked = el.checked; });
    if (el.matches("[data-select-all], [data-row-check]")) updateBulk();
    if (el.matches("[data-order-field]")) { event.stopPropagation(); setOrder(); }
    if (el.id === "page-length") htmx.trigger(form(), "submit");
  }, true);
  document.addEventListener("keydown", (event) => {
    if (root() && event.key === "Enter" && event.target.matches("[data-fb-value]")) { event.preventDefault(); document.querySelector("[data-fb-add]").click(); }
  });
  document.addEventListener("htmx:afterSwap", updateBulk);
  return { reload };
})();
