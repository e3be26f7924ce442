/* lowcode desk: kanban boards, the calendar and the ordered-records editor.
   Every move is a normal save through the REST API; a refusal puts the card back. */
"use strict";

const Kanban = (() => {
  const root = document.querySelector("[data-kanban]");
  if (!root) return null;
  const { doctype, field, board } = root.dataset;
  const folded = JSON.parse(localStorage.getItem(`kanban-folded:${board}`) || "{}");

  async function refreshSummary() {
    const sums = await Desk.request("GET", root.dataset.summaryUrl);
    root.querySelectorAll(".kb-column").forEach((col) => {
      const s = sums[col.dataset.column] || { count: 0, total: "" };
      col.querySelector("[data-count]").textContent = s.count;
      const sum = col.querySelector("[data-sum]");
      if (sum && s.total) sum.textContent = s.total;
    });
  }
  const names = (list) => [...list.querySelectorAll(":scope > .kb-card")].map((c) => c.dataset.name);
  function putBack(event) {
    const { item, from, oldIndex } = event;
    from.insertBefore(item, from.children[oldIndex] || null);
  }
  async function onEnd(event) {
    const { item, from, to } = event;
    const name = item.dataset.name;
    if (from === to) {
      if (event.oldIndex === event.newIndex) return;
      try {
        await Desk.method("lowcode.web.desk.kanban.update_order", { board, column: to.dataset.value, names: JSON.stringify(names(to)) });
      } catch (error) { putBack(event); Desk.toast(error.message, "error"); }
      return;
    }
    item.classList.add("moving");
    try {
      await Desk.request("PUT", `/api/resource/${Desk.enc(doctype)}/${Desk.enc(name)}`, { [field]: to.dataset.value || null });
      await Desk.method("lowcode.web.desk.kanban.update_order", { board, column: to.dataset.value, names: JSON.stringify(names(to)) }).catch(() => null);
      Desk.toast(`${Desk.t("Moved")}: ${name}`, "success");
      refreshSummary();
    } catch (error) {
      putBack(event);
      item.setAttribute("data-refused", "true");
      Desk.toast(`${Desk.t("Move refused")}: ${error.message}`, "error");
    } finally {
      item.classList.remove("moving");
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    root.querySelectorAll("[data-cards]").forEach((list) => Sortable.create(list, {
      group: "kanban", animation: 150, draggable: ".kb-card", filter: ".kb-more-item", onEnd,
    }));
    root.querySelectorAll(".kb-column").forEach((col) => {
      if (col.dataset.column in folded) col.classList.toggle("folded", folded[col.dataset.column]);
    });
  });
  root.addEventListener("click", (e) => {
    const fold = e.target.closest("[data-fold]");
    if (!fold) return;
    const col = fold.closest(".kb-column");
    col.classList.toggle("folded");
    fold.setAttribute("aria-pressed", String(col.classList.contains("folded")));
    folded[col.dataset.column] = col.classList.contains("folded");
    localStorage.setItem(`kanban-folded:${board}`, JSON.stringify(folded));
  });
  root.querySelector("[data-add-column]")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await Desk.method("lowcode.web.desk.kanban.add_column", { board, value: e.target.value.value });
      location.reload();
    } catch (error) { Desk.toast(error.message, "error"); }
  });
  return { refreshSummary };
})();

const Calendar = (() => {
  const root = document.querySelector("[data-calendar]");
  if (!root) return null;
  const { doctype, field } = root.dataset;
  root.addEventListener("dragstart", (e) => {
    const ev = e.target.closest("[data-name]");
    if (ev) e.dataTransfer.setData("text/plain", ev.dataset.name);
  });
  root.addEventListener("dragover", (e) => { const day = e.target.closest("[data-date]"); if (day) { e.preventDefault(); day.classList.add("drop"); } });
  root.addEventListener("dragleave", (e) => e.target.closest("[data-date]")?.classList.remove("drop"));
  root.addEventListener("drop", async (e) => {
    const day = e.target.closest("[data-date]");
    if (!day) return;
    e.preventDefault();
    day.classList.remove("drop");
    const name = e.dataTransfer.getData("text/plain");
    const item = root.querySelector(`[data-name="${CSS.escape(name)}"]`);
    const old = item?.dataset.value || "";
    const value = old.length > 10 ? day.dataset.date + old.slice(10) : day.dataset.date;
    try {
      await Desk.request("PUT", `/api/resource/${Desk.enc(doctype)}/${Desk.enc(name)}`, { [field]: value });
      item.dataset.value = value;
      day.append(item);
      Desk.toast(`${Desk.t("Moved")}: ${name}`, "success");
    } catch (error) { Desk.toast(error.message, "error"); }
  });
  const feed = root.querySelector("[data-calendar-feed]");
  feed?.addEventListener("click", async (e) => {
    const button = e.target.closest("[data-action]");
    if (!button) return;
    const input = feed.querySelector("[data-feed-url]");
    try {
      if (button.dataset.action === "feed-new") {
        input.value = await Desk.method("lowcode.calendar.feed.new_feed_url", {});
        input.select();
      } else {
        await Desk.method("lowcode.calendar.feed.revoke_feed", {});
        input.value = "";
        Desk.toast(Desk.t("Your calendar address no longer works."), "success");
      }
    } catch (error) { Desk.toast(error.message, "error"); }
  });
  return {};
})();

const OrderedEditor = (() => {
  const root = document.querySelector("[data-ordered]");
  if (!root) return null;
  const body = root.querySelector("tbody");
  document.addEventListener("DOMContentLoaded", () => Sortable.create(body, { handle: ".handle", animation: 150 }));
  root.querySelector("[data-save-order]").addEventListener("click", async () => {
    const rows = [...body.querySelectorAll("tr[data-name]")].map((tr) => {
      const values = {};
      tr.querySelectorAll("[data-fieldname]").forEach((el) => { values[el.dataset.fieldname] = el.type === "checkbox" ? (el.checked ? 1 : 0) : el.value; });
      return { name: tr.dataset.name, values };
    });
    try {
      const res = await Desk.method("lowcode.web.desk.ordered.save_order", { doctype: root.dataset.doctype, order_field: root.dataset.orderField, rows: JSON.stringify(rows) });
      Desk.toast(`${Desk.t("Saved")}: ${res.changed}`, "success");
    } catch (error) { Desk.toast(error.message, "error"); }
  });
  return {};
})();
