/* lowcode desk: the bell (unread count, list, mark read) and realtime events (/api/realtime).
   New notifications update the bell without a reload; new comments refresh the open form's timeline. */
"use strict";

(() => {
  const bell = document.querySelector("[data-bell]");
  if (!bell) return;
  const badge = bell.querySelector("[data-unread-count]");
  const list = document.querySelector("[data-notification-list]");
  const empty = document.querySelector("[data-no-notifications]");
  const form = document.querySelector("[data-form]");

  function setUnread(count) {
    badge.textContent = String(Math.max(0, count));
    badge.hidden = count <= 0;
  }
  const unread = () => Number(badge.textContent) || 0;

  function addItem(n) {
    const li = document.createElement("li");
    li.className = "unread";
    li.dataset.notification = n.name;
    const a = document.createElement("a");
    a.href = n.document_type && n.document_name
      ? `/app/${Desk.slug(n.document_type)}/${Desk.enc(n.document_name)}` : `/app/notification-log/${Desk.enc(n.name)}`;
    a.textContent = n.subject;
    li.append(a);
    list.prepend(li);
    empty.hidden = true;
  }

  list.addEventListener("click", (event) => {
    const li = event.target.closest("[data-notification]");
    if (!li || !li.classList.contains("unread")) return;
    li.classList.remove("unread");
    Desk.method("lowcode.notifications.api.mark_as_read", { name: li.dataset.notification }).then(setUnread).catch(() => {});
  });
  document.querySelector("[data-mark-all-read]")?.addEventListener("click", async () => {
    try {
      await Desk.method("lowcode.notifications.api.mark_all_as_read", {});
      list.querySelectorAll(".unread").forEach((li) => li.classList.remove("unread"));
      setUnread(0);
    } catch (error) {
      Desk.toast(error.message, "error");
    }
  });

  async function refreshTimeline() {
    const timeline = document.querySelector("[data-timeline]");
    if (!timeline) return;
    const res = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!res.ok) return;
    const fresh = new DOMParser().parseFromString(await res.text(), "text/html").querySelector("[data-timeline]");
    if (fresh) timeline.replaceChildren(...fresh.childNodes);
  }

  if (!window.EventSource) return;
  const params = new URLSearchParams();
  if (form && form.dataset.name && form.dataset.single !== "1") {
    params.set("doctype", form.dataset.doctype);
    params.set("docname", form.dataset.name);
  }
  const source = new EventSource(`/api/realtime?${params}`);
  source.addEventListener("ready", (e) => setUnread(JSON.parse(e.data).unread));
  source.addEventListener("notification", (e) => {
    const n = JSON.parse(e.data);
    addItem(n);
    setUnread(unread() + 1);
    Desk.toast(n.subject);
  });
  source.addEventListener("comment", () => { refreshTimeline().catch(() => {}); });
})();
