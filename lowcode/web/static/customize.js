/* lowcode desk: Customize Form and New DocType (System Manager screens). */
"use strict";

(() => {
  const body = document.querySelector("[data-fields]");
  if (!body) return;
  document.addEventListener("DOMContentLoaded", () => Sortable.create(body, { handle: ".handle", animation: 150 }));
  const template = document.querySelector("template[data-new-field]");
  const addRow = () => {
    body.insertAdjacentHTML("beforeend", template.innerHTML);
    body.lastElementChild.querySelector("input")?.focus();
  };
  document.querySelector("[data-add-field]").addEventListener("click", addRow);
  body.addEventListener("click", (e) => { if (e.target.closest("[data-remove-field]")) e.target.closest("tr").remove(); });
  const rowValues = (tr) => {
    const item = tr.dataset.fieldname ? { fieldname: tr.dataset.fieldname } : {};
    tr.querySelectorAll("[data-prop]").forEach((el) => { item[el.dataset.prop] = el.type === "checkbox" ? (el.checked ? 1 : 0) : el.value; });
    return item;
  };

  const customize = document.querySelector("[data-customize]");
  customize?.querySelector("[data-save-customization]")?.addEventListener("click", async (e) => {
    e.target.disabled = true;
    try {
      const fields = [...body.querySelectorAll("tr[data-field-row]")].map(rowValues);
      await Desk.method("lowcode.web.desk.customize.save_customization", { doctype: customize.dataset.doctype, fields: JSON.stringify(fields) });
      sessionStorage.setItem("desk-toast", Desk.t("Saved"));
      location.reload();
    } catch (error) {
      Desk.toast(error.message, "error");
      e.target.disabled = false;
    }
  });

  const creator = document.querySelector("[data-new-doctype]");
  if (creator && !body.children.length) addRow();
  creator?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(creator);
    const fields = [...body.querySelectorAll("tr[data-field-row]")].map(rowValues).filter((f) => f.label).map((f) => ({
      ...f, fieldname: f.label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "field",
    }));
    const permissions = [...creator.querySelectorAll("tr[data-role]")].map((tr) => {
      const perm = { role: tr.dataset.role };
      tr.querySelectorAll("[data-right]").forEach((c) => { perm[c.dataset.right] = c.checked ? 1 : 0; });
      return perm;
    }).filter((p) => p.read || p.write || p.create || p.delete);
    const doc = {
      name: data.get("name"), module: data.get("module") || "Custom", custom: 1, is_submittable: data.get("is_submittable") ? 1 : 0,
      track_changes: data.get("track_changes") ? 1 : 0, fields, permissions,
    };
    try {
      const res = await Desk.request("POST", "/api/resource/DocType", doc);
      location.assign(`/app/${Desk.slug(res.data.name)}`);
    } catch (error) {
      const banner = creator.querySelector("[data-form-message]");
      banner.textContent = error.message;
      banner.hidden = false;
    }
  });
})();
