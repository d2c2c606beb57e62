// Purna's only script: "load more" appends the next page of a timeline in
// place. Without it the link simply opens that page.
document.addEventListener("click", async (ev) => {
  const link = ev.target.closest("a[data-append]");
  if (!link) return;
  ev.preventDefault();
  link.setAttribute("aria-busy", "true");
  try {
    const res = await fetch(link.href, { credentials: "same-origin" });
    if (!res.ok) throw new Error(res.status);
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const list = document.getElementById(link.dataset.append);
    const more = doc.getElementById(list.id);
    if (more) list.append(...more.children);
    const next = doc.getElementById(link.id);
    if (next) link.href = next.href; else link.parentElement.remove();
  } catch (e) {
    window.location.href = link.href;
  } finally {
    link.removeAttribute("aria-busy");
  }
});
