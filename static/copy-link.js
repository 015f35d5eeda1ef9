// "Copy link" on the header: the address as it stands (the map's view included, which the map
// writes without a server run). Where the clipboard is refused (a page served over plain http to a
// room), the link is shown selected for the viewer to copy. Its words come from Python (`data`), in
// the page's language.
export default function ({ parentElement, data }) {
  const words = data;
  let button = parentElement.querySelector("button");
  if (button) {
    button.textContent = words.copy;
    button.title = words.title;
    button.dataset.copied = words.copied;
    return;
  }
  button = document.createElement("button");
  button.type = "button";
  button.className = "fm-copy-button";
  button.textContent = words.copy;
  button.title = words.title;
  button.dataset.copied = words.copied;
  const said = document.createElement("span");
  said.setAttribute("role", "status");
  said.className = "fm-copied";
  parentElement.append(button, said);
  const done = (text) => { said.textContent = text; setTimeout(() => { if (said.textContent === text) said.textContent = ""; }, 2500); };
  button.onclick = () => {
    const url = window.location.href;
    const fallback = () => {
      const field = document.createElement("input");
      field.value = url;
      field.readOnly = true;
      field.className = "fm-copy-field";
      said.replaceChildren(field);
      field.select();
      if (document.execCommand && document.execCommand("copy")) done(button.dataset.copied);
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(() => done(button.dataset.copied), fallback);
    else fallback();
  };
}
