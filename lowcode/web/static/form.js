/* lowcode desk: the form view. The server decides what is hidden, mandatory, read-only and
   computed (lowcode.web.desk.refresh.refresh); this file only collects values and shows answers. */
"use strict";

const Form = (() => {
  const root = document.querySelector("[data-form]");
  if (!root) return null;
  const main = root.querySelector("[data-form-main]");
  const { doctype, slug } = root.dataset;
  const docName = root.dataset.name;
  const isNew = !docName;
  const labels = JSON.parse(root.querySelector("[data-form-labels]")?.textContent || "{}");
  let dirty = false;

  /* -- reading values ------------------------------------------------------------------ */
  const valueOf = (el) => {
    if (el.type === "checkbox") return el.checked ? 1 : 0;
    if (el.matches("[data-rating]")) return Number(el.querySelector("input:checked")?.value || 0);
    if (el.tagName === "OUTPUT") return el.dataset.value;
    return el.value;
  };
  const inputs = (scope) => [...scope.querySelectorAll("[data-fieldname]")].filter((el) => !el.matches("input[type=radio], [data-grid]") && !el.closest("template"));
  function collectScope(scope, base = {}, includeReadonly = false) {
    const doc = { ...base };
    for (const el of inputs(scope)) {
      if (el.closest("[data-grid]") && !scope.matches("tr")) continue;
      if (el.matches("[data-readonly]") && !includeReadonly) continue;
      doc[el.dataset.fieldname] = valueOf(el);
    }
    return doc;
  }
  function collect(scope = main, includeReadonly = false) {
    const doc = collectScope(scope, {}, includeReadonly);
    scope.querySelectorAll("table[data-grid]").forEach((grid) => {
      doc[grid.dataset.grid] = [...grid.querySelectorAll("tbody[data-grid-body] > tr")].map((tr) => collectScope(tr, JSON.parse(tr.dataset.row || "{}")));
    });
    return doc;
  }
  const payload = () => ({ ...collect(), ...(isNew ? {} : { name: docName, modified: root.dataset.modified }) });

  /* -- the server's answer -------------------------------------------------------------- */
  function applyRowState(scope, state) {
    scope.querySelectorAll(":scope [data-field]").forEach((wrapper) => {
      if (scope === main && wrapper.closest("tr")) return;
      wrapper.hidden = state.hidden.includes(wrapper.dataset.field);
      wrapper.classList.toggle("reqd", state.mandatory.includes(wrapper.dataset.field));
    });
  }
  function setOutput(el, value, text) {
    el.dataset.value = value ?? "";
    el.textContent = text ?? value ?? "";
  }
  function applyValues(scope, values, formatted) {
    for (const el of inputs(scope)) {
      if (scope === main && el.closest("tr")) continue;
      const name = el.dataset.fieldname;
      if (!(name in values) || Array.isArray(values[name])) continue;
      if (el.tagName === "OUTPUT") setOutput(el, values[name], formatted?.[name]);
      else if (el !== document.activeElement && el.type !== "checkbox" && !el.matches("[data-rating]") && el.type !== "hidden") {
        const server = values[name] ?? "";
        const same = el.type === "number" ? Number(el.value || 0) === Number(server || 0) : String(el.value) === String(server);
        if (!same && typeof server !== "object") el.value = server;
      }
    }
  }
  async function refresh() {
    try {
      const state = await Desk.method("lowcode.web.desk.refresh.refresh", { doctype, doc: JSON.stringify(payload()) });
      applyRowState(main, state);
      applyValues(main, state.values, state.formatted);
      main.querySelectorAll("table[data-grid]").forEach((grid) => {
        const field = grid.dataset.grid;
        grid.querySelectorAll("tbody[data-grid-body] > tr").forEach((tr, i) => {
          const row = state.values[field]?.[i];
          if (!row) return;
          tr.dataset.row = JSON.stringify({ ...JSON.parse(tr.dataset.row || "{}"), ...pick(row, tr) });
          applyValues(tr, row, state.formatted[field]?.[i]);
        });
      });
    } catch (error) {
      if (error.status === 401) Desk.toast(error.message, "error");
    }
  }
  const pick = (row, tr) => Object.fromEntries(Object.entries(row).filter(([k]) => !tr.querySelector(`[data-fieldname="${k}"]:not([data-readonly])`)));
  const scheduleRefresh = Desk.debounce(refresh, 250);

  function markDirty() {
    dirty = true;
    root.querySelector("[data-dirty]")?.removeAttribute("hidden");
  }
  main.addEventListener("input", () => { markDirty(); scheduleRefresh(); });
  main.addEventListener("change", (event) => {
    markDirty();
    scheduleRefresh();
    const el = event.target;
    if (el.matches("input[type=radio]")) el.closest("[data-rating]").querySelectorAll("label").forEach((l, i) => l.classList.toggle("on", i < Number(el.value)));
    const link = el.parentElement?.querySelector("[data-contact-link]");
    if (link) {
      link.hidden = !el.value;
      link.textContent = el.value;
      link.href = el.value ? link.dataset.contactLink + el.value : "#";
    }
  });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });

  /* -- errors -------------------------------------------------------------------------- */
  const banner = root.querySelector("[data-form-message]");
  function clearErrors() {
    banner.hidden = true;
    root.querySelectorAll(".field-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  }
  function showErrors(error) {
    banner.textContent = error.message;
    banner.hidden = false;
    const list = error.data?.errors || (error.data?.fieldname ? [{ fieldname: error.data.fieldname, message: error.message }] : []);
    let first = null;
    for (const item of list) {
      let slot;
      let input;
      if (item.tablefield) {
        const tr = main.querySelector(`table[data-grid="${item.tablefield}"] tbody > tr:nth-child(${item.row})`);
        slot = tr?.querySelector(`[data-row-error="${item.fieldname}"]`);
        input = tr?.querySelector(`[data-fieldname="${item.fieldname}"]`);
      } else {
        slot = main.querySelector(`#err-${CSS.escape(item.fieldname)}`);
        input = main.querySelector(`[data-fieldname="${item.fieldname}"]`);
      }
      if (slot) { slot.textContent = item.message; slot.hidden = false; }
      input?.setAttribute("aria-invalid", "true");
      first = first || input;
    }
    first?.focus();
  }

  /* -- conflicts: show the other person's change ------------------------------------- */
  const same = (a, b) => JSON.stringify(a ?? "") === JSON.stringify(b ?? "") || (a !== null && b !== null && a !== "" && Number(a) === Number(b));
  async function showConflict(error, mine) {
    const dialog = document.getElementById("conflict-dialog");
    const theirs = (await Desk.request("GET", `/api/resource/${Desk.enc(doctype)}/${Desk.enc(docName)}`)).data;
    dialog.querySelector("[data-conflict-who]").textContent = error.message;
    const rows = Object.keys(mine).filter((k) => k in theirs && !["modified", "name"].includes(k) && !same(norm(mine[k]), norm(theirs[k])));
    dialog.querySelector("[data-conflict-rows]").replaceChildren(...rows.map((k) => {
      const tr = document.createElement("tr");
      tr.dataset.field = k;
      for (const text of [labels[k] || k, show(mine[k]), show(theirs[k])]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    dialog.showModal();
  }
  const norm = (v) => (Array.isArray(v) ? v.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !["name", "modified", "creation", "owner", "modified_by", "parent", "parentfield", "parenttype", "doctype", "docstatus", "idx"].includes(k)))) : v);
  const show = (v) => (Array.isArray(v) ? `${v.length} rows` : String(v ?? ""));
  document.addEventListener("click", (e) => { if (e.target.matches("[data-reload]")) { dirty = false; location.reload(); } });

  /* -- actions ------------------------------------------------------------------------- */
  const formUrl = (name) => `/app/${slug}/${Desk.enc(name)}`;
  async function save(extra = {}) {
    clearErrors();
    const doc = { ...payload(), ...extra };
    try {
      const res = isNew
        ? await Desk.request("POST", `/api/resource/${Desk.enc(doctype)}`, doc)
        : await Desk.request("PUT", `/api/resource/${Desk.enc(doctype)}/${Desk.enc(docName)}`, doc);
      dirty = false;
      sessionStorage.setItem("desk-toast", Desk.t("Saved"));
      location.assign(formUrl(res.data.name));
    } catch (error) {
      if (error.status === 409 && error.data?.exc_type === "TimestampMismatchError") await showConflict(error, doc);
      else showErrors(error);
    }
  }
  async function act(action) {
    clearErrors();
    try {
      if (action === "save") return save();
      if (action === "submit") return save({ docstatus: 1 });
      if (action === "cancel") {
        if (!confirm(`${Desk.t("Cancel")} ${docName}?`)) return undefined;
        await Desk.method("frappe.client.cancel", { doctype, name: docName });
        dirty = false;
        return location.reload();
      }
      if (action === "amend") {
        const res = await Desk.method("lowcode.web.desk.actions.amend", { doctype, name: docName });
        dirty = false;
        return location.assign(formUrl(res.name));
      }
      if (action === "delete") {
        if (!confirm(`${Desk.t("Delete")} ${docName}?`)) return undefined;
        await Desk.request("DELETE", `/api/resource/${Desk.enc(doctype)}/${Desk.enc(docName)}`);
        dirty = false;
        return location.assign(`/app/${slug}`);
      }
    } catch (error) {
      showErrors(error);
    }
    return undefined;
  }
  root.addEventListener("click", (e) => { const b = e.target.closest("[data-action]"); if (b) act(b.dataset.action); });

  /* -- the doctype's actions and the workflow's ---------------------------------------- */
  async function runServerAction(button, values = {}) {
    const result = await Desk.method(button.dataset.method, { [button.dataset.docArg]: docName, ...values });
    dirty = false;
    sessionStorage.setItem("desk-toast", Desk.t("Done"));
    const key = button.dataset.openKey;
    if (key && result?.[key]) return location.assign(`/app/${button.dataset.openSlug}/${Desk.enc(result[key])}`);
    return location.reload();
  }
  const dialogValues = (form) => Object.fromEntries([...form.elements].filter((el) => el.name).map((el) => [el.name, el.type === "checkbox" ? (el.checked ? 1 : 0) : el.value]));
  document.addEventListener("click", async (e) => {
    const button = e.target.closest("[data-server-action], [data-workflow-action]");
    if (!button || !root.contains(button)) return;
    clearErrors();
    if (dirty) { showErrors({ message: Desk.t("Save your changes first.") }); return; }
    try {
      if (button.dataset.workflowAction) {
        await Desk.method("lowcode.workflow.api.apply_workflow", { doctype, name: docName, action: button.dataset.workflowAction });
        sessionStorage.setItem("desk-toast", Desk.t("Done"));
        location.reload();
        return;
      }
      const dialog = document.getElementById(`action-dialog-${button.dataset.serverAction}`);
      if (dialog) { dialog.showModal(); dialog.querySelector("input, select, textarea")?.focus(); return; }
      await runServerAction(button);
    } catch (error) {
      showErrors(error);
    }
  });
  document.querySelectorAll("[data-action-form]").forEach((form) => form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const message = form.querySelector("[data-action-message]");
    message.hidden = true;
    const button = root.querySelector(`[data-server-action="${form.dataset.actionForm}"]`);
    try {
      await runServerAction(button, dialogValues(form));
    } catch (error) {
      message.textContent = error.message;
      message.hidden = false;
    }
  }));
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); if (root.querySelector("[data-action=save]")) act("save"); return; }
    const el = e.target;
    if (e.key === "Enter" && !e.shiftKey && main.contains(el) && el.matches("input:not([type=checkbox]):not([type=radio]):not([type=file])") && !LinkField.isOpen() && !document.querySelector("dialog[open]")) {
      e.preventDefault();
      if (root.querySelector("[data-action=save]")) act("save");
    }
  });

  /* -- tabs ------------------------------------------------------------------------------ */
  root.addEventListener("click", (e) => {
    const tab = e.target.closest("[role=tab]");
    if (!tab) return;
    root.querySelectorAll("[role=tab]").forEach((t) => { t.setAttribute("aria-selected", String(t === tab)); t.tabIndex = t === tab ? 0 : -1; });
    root.querySelectorAll("[role=tabpanel]").forEach((p) => { p.hidden = p.id !== tab.getAttribute("aria-controls"); });
  });

  /* -- child-table grids --------------------------------------------------------------- */
  function renumber(body) {
    body.querySelectorAll(":scope > tr").forEach((tr, i) => { tr.dataset.idx = i + 1; tr.querySelector(".idx").textContent = i + 1; });
  }
  root.addEventListener("click", (e) => {
    const add = e.target.closest("[data-add-row]");
    if (add) {
      const field = add.dataset.addRow;
      const body = main.querySelector(`table[data-grid="${field}"] tbody`);
      const html = main.querySelector(`template[data-row-template="${field}"]`).innerHTML.replaceAll("__idx__", body.children.length + 1);
      body.insertAdjacentHTML("beforeend", html);
      renumber(body);
      body.lastElementChild.querySelector("input:not([readonly]), select")?.focus();
      markDirty();
      scheduleRefresh();
    }
    const remove = e.target.closest("[data-remove-row]");
    if (remove) {
      const body = remove.closest("tbody");
      remove.closest("tr").remove();
      renumber(body);
      markDirty();
      scheduleRefresh();
    }
    if (e.target.closest("[data-rating-clear]")) {
      const box = e.target.closest("[data-rating]");
      box.querySelectorAll("input").forEach((i) => { i.checked = false; });
      box.querySelectorAll("label").forEach((l) => l.classList.remove("on"));
      markDirty();
      scheduleRefresh();
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    if (!window.Sortable) return;
    main.querySelectorAll("tbody[data-grid-body]").forEach((body) => Sortable.create(body, {
      handle: ".handle", animation: 150, onEnd: () => { renumber(body); markDirty(); scheduleRefresh(); },
    }));
  });

  /* -- attachments ------------------------------------------------------------------------- */
  async function upload(file, fieldname) {
    const data = new FormData();
    data.append("file", file);
    data.append("doctype", doctype);
    if (!isNew) data.append("docname", docName);
    if (fieldname) data.append("fieldname", fieldname);
    return (await Desk.request("POST", "/app/upload", data)).message;
  }
  root.addEventListener("change", async (e) => {
    const el = e.target;
    if (!el.matches("input[type=file]") || !el.files.length) return;
    e.stopPropagation();
    try {
      const file = await upload(el.files[0], el.dataset.uploadFor);
      if (el.dataset.uploadFor) {
        const box = el.closest("[data-attach]");
        const hidden = box.querySelector(`[data-fieldname="${el.dataset.uploadFor}"]`);
        hidden.value = file.file_url;
        Object.assign(box.querySelector(".attach-link"), { href: file.file_url, textContent: file.file_name, hidden: false });
        box.querySelector("[data-attach-clear]").hidden = false;
        markDirty();
      } else {
        const li = document.createElement("li");
        const a = Object.assign(document.createElement("a"), { href: file.file_url, textContent: file.file_name, target: "_blank", rel: "noopener" });
        li.append(a);
        root.querySelector("[data-attachments]").prepend(li);
      }
      Desk.toast(Desk.t("Uploaded"), "success");
    } catch (error) {
      Desk.toast(error.message, "error");
    }
    el.value = "";
  }, true);
  root.addEventListener("click", (e) => {
    const clear = e.target.closest("[data-attach-clear]");
    if (!clear) return;
    const box = clear.closest("[data-attach]");
    box.querySelector("input[type=hidden]").value = "";
    box.querySelector(".attach-link").hidden = true;
    clear.hidden = true;
    markDirty();
  });

  /* -- assignment by the doctype's rules (for a document saved before a rule applied) ------ */
  root.querySelector("[data-assign-by-rule]")?.addEventListener("click", async (e) => {
    try {
      const todo = await Desk.method("lowcode.assignment.apply_on_demand", { doctype, name: docName });
      if (!todo) { Desk.toast(Desk.t("No assignment rule applies to this document."), "info"); return; }
      const item = Object.assign(document.createElement("li"), { textContent: todo.allocated_to });
      item.dataset.user = todo.allocated_to;
      root.querySelector("[data-assignments]").replaceChildren(item);
      e.target.remove();
    } catch (error) { Desk.toast(error.message, "error"); }
  });

  /* -- comments -------------------------------------------------------------------------- */
  root.querySelector("[data-comment-form]")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const box = e.target.querySelector("[data-comment-text]");
    try {
      await Desk.method("lowcode.web.desk.actions.add_comment", { reference_doctype: doctype, reference_name: docName, content: box.value });
      const li = document.createElement("li");
      li.className = "tl-comment";
      const p = document.createElement("p");
      p.className = "tl-text";
      p.textContent = box.value;
      const head = document.createElement("p");
      head.className = "tl-head";
      head.textContent = Desk.boot.user;
      li.append(head, p);
      root.querySelector("[data-timeline]").prepend(li);
      box.value = "";
      Desk.toast(Desk.t("Comment added"), "success");
    } catch (error) {
      Desk.toast(error.message, "error");
    }
  });

  return { collect, refresh, save };
})();

/* ---- quick entry: create a linked record without leaving the form ------------------------ */
document.addEventListener("desk:quick-entry", async (event) => {
  const { input, doctype } = event.detail;
  const dialog = document.getElementById("quick-entry");
  if (!dialog) return;
  const res = await fetch(`/app/${Desk.slug(doctype)}/new?quick=1`, { credentials: "same-origin" });
  if (!res.ok) { Desk.toast((await res.text()).slice(0, 200), "error"); return; }
  dialog.innerHTML = await res.text();
  dialog.showModal();
  const form = dialog.querySelector("[data-quick-entry]");
  form.querySelector("input:not([type=hidden]), select, textarea")?.focus();
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = {};
    form.querySelectorAll("[data-fieldname]:not([data-readonly])").forEach((el) => {
      if (el.matches("input[type=radio]")) { if (el.checked) values[el.dataset.fieldname] = el.value; return; }
      if (!el.matches("[data-rating], [data-grid]")) values[el.dataset.fieldname] = el.type === "checkbox" ? (el.checked ? 1 : 0) : el.value;
    });
    try {
      const created = await Desk.request("POST", `/api/resource/${Desk.enc(doctype)}`, values);
      input.value = created.data.name;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      dialog.close();
    } catch (error) {
      const banner = form.querySelector("[data-form-message]");
      banner.textContent = error.message;
      banner.hidden = false;
    }
  });
});

/* ---- @mentions in the comment box: users are suggested as you type after "@" ------------- */
const Mentions = (() => {
  const box = document.querySelector("[data-comment-text]");
  if (!box) return null;
  const menu = Object.assign(document.createElement("div"), { id: "mention-menu", className: "link-menu", hidden: true });
  menu.setAttribute("role", "listbox");
  document.body.append(menu);
  let items = [];
  let cursor = -1;
  const typed = () => /(?:^|\s)@([^\s@[\]]*)$/.exec(box.value.slice(0, box.selectionStart))?.[1];
  function close() {
    menu.hidden = true;
    items = [];
    box.setAttribute("aria-expanded", "false");
  }
  function choose(index) {
    const item = items[index];
    close();
    if (!item) return;
    const before = box.value.slice(0, box.selectionStart);
    const start = before.lastIndexOf("@");
    box.value = `${before.slice(0, start)}@${item.value} ${box.value.slice(box.selectionStart)}`;
    const caret = start + item.value.length + 2;
    box.setSelectionRange(caret, caret);
    box.focus();
  }
  const search = Desk.debounce(async () => {
    const txt = typed();
    if (txt === undefined || document.activeElement !== box) { close(); return; }
    try {
      items = (await Desk.method("lowcode.client.search_link", { doctype: "User", txt }, "GET")).filter((r) => r.value.includes("@"));
    } catch { items = []; }
    if (!items.length) { close(); return; }
    menu.replaceChildren(...items.map((item, i) => {
      const option = document.createElement("div");
      Object.assign(option, { id: `mention-option-${i}`, textContent: item.label && item.label !== item.value ? `${item.label} · ${item.value}` : item.value });
      option.setAttribute("role", "option");
      option.dataset.index = i;
      return option;
    }));
    Desk.placeBelow(menu, box, Math.min(box.getBoundingClientRect().width, 320));
    menu.hidden = false;
    cursor = -1;
    box.setAttribute("aria-expanded", "true");
    box.setAttribute("aria-controls", "mention-menu");
  }, 200);
  box.addEventListener("input", search);
  box.addEventListener("blur", () => setTimeout(close, 150));
  menu.addEventListener("mousedown", (e) => {
    const option = e.target.closest("[role=option]");
    if (option) { e.preventDefault(); choose(Number(option.dataset.index)); }
  });
  box.addEventListener("keydown", (e) => {
    if (menu.hidden) return;
    const options = menu.querySelectorAll("[role=option]");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      cursor = Desk.moveCursor(options, cursor, e.key === "ArrowDown", box);
    } else if ((e.key === "Enter" || e.key === "Tab") && cursor >= 0) {
      e.preventDefault();
      choose(cursor);
    } else if (e.key === "Escape") {
      close();
    }
  });
  return {};
})();
