// Purna's script, a few enhancements of pages that work without it.
//
// "Load more" appends the next page of a timeline in place. Without it the
// link simply opens that page.
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

// The message editor's live preview: as the merchant types, the form goes
// to the preview address (after a pause in typing), and the parts of the
// answer marked data-live replace their twins on the page. Without it the
// Preview button posts the form and the whole page comes back.
const liveForm = document.querySelector("form[data-live-preview]");
if (liveForm) {
  let timer, seq = 0;
  const refresh = async () => {
    const n = ++seq;
    document.getElementById("preview")?.setAttribute("aria-busy", "true");
    try {
      const res = await fetch(liveForm.dataset.livePreview, {
        method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(liveForm)),
      });
      if (!res.ok || n !== seq) return;
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      for (const el of document.querySelectorAll("[data-live]")) {
        const next = doc.getElementById(el.id);
        if (next) el.replaceWith(document.importNode(next, true));
      }
      for (const part of ["subject", "html", "text", "sms"]) {
        const field = liveForm.elements.namedItem(part);
        if (!field) continue;
        if (document.getElementById("err-" + part)) {
          field.setAttribute("aria-invalid", "true");
          field.setAttribute("aria-describedby", "err-" + part);
        } else {
          field.removeAttribute("aria-invalid");
          field.removeAttribute("aria-describedby");
        }
      }
    } catch (e) {
      // The Preview button still works.
    } finally {
      if (n === seq) document.getElementById("preview")?.setAttribute("aria-busy", "false");
    }
  };
  liveForm.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
  liveForm.querySelector("[data-preview-button]")?.addEventListener("click", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    refresh();
  });
}
