/* Data Import page: upload + create, save the mapping, start; templates. Uses Desk from desk.js. */
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.matches("[data-import-form]")) {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const upload = new FormData();
      upload.append("file", data.get("file"));
      const stored = (await Desk.request("POST", "/app/upload", upload)).message;
      const record = (await Desk.request("POST", "/api/resource/Data Import", {
        reference_doctype: data.get("reference_doctype"), import_type: data.get("import_type"),
        update_by: data.get("update_by") || "name", import_file: stored.file_url,
      })).data;
      window.location.href = `/app/data-import-tool/${Desk.enc(record.name)}`;
    } catch (error) { Desk.toast(error.message, "error"); }
  }
  if (form.matches("[data-mapping-form]")) {
    event.preventDefault();
    const mapping = {};
    form.querySelectorAll("[data-mapping-column]").forEach((select) => { mapping[select.name] = select.value; });
    const name = document.querySelector("[data-import]").dataset.import;
    try {
      await Desk.request("PUT", `/api/resource/Data Import/${Desk.enc(name)}`, { column_mapping: JSON.stringify(mapping) });
      window.location.reload();
    } catch (error) { Desk.toast(error.message, "error"); }
  }
});

document.addEventListener("click", async (event) => {
  const start = event.target.closest("[data-action='start-import']");
  if (start) {
    start.disabled = true;
    try {
      await Desk.method("lowcode.imports.api.start_import", { data_import: document.querySelector("[data-import]").dataset.import });
      window.location.reload();
    } catch (error) { Desk.toast(error.message, "error"); start.disabled = false; }
  }
  const template = event.target.closest("[data-template]");
  if (template) {
    event.preventDefault();
    const doctype = document.getElementById("imp-doctype").value;
    window.location.href = `/api/method/lowcode.imports.api.download_template?${new URLSearchParams({ doctype, file_format: template.dataset.template })}`;
  }
});
