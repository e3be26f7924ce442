/* Form banner of possible duplicates: "Merge into this" moves the other record's links and history here. */
"use strict";

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-merge]");
  if (!button) return;
  const form = document.querySelector("[data-form]");
  if (!window.confirm(Desk.t("Merge {name} into this record? It will be deleted.", { name: button.dataset.merge }))) return;
  button.disabled = true;
  try {
    await Desk.method("lowcode.duplicates.merge.merge_records", { doctype: form.dataset.doctype, keep: form.dataset.name, remove: button.dataset.merge });
    window.location.reload();
  } catch (error) { Desk.toast(error.message, "error"); button.disabled = false; }
});
