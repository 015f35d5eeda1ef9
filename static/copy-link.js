// "Copy link" on the header: the address as it stands (the map's view included, which the map
// writes without a server run). Where the clipboard is refused (a page served over plain http to a
// room), the link is shown selected for the viewer to copy.
export default function ({ parentElement }) {
  let button = parentElement.querySelector("button");
  if (button) return;
  button = document.createElement("button");
  button.type = "button";
  button.className = "fm-copy-button";
  button.textContent = "Copy link";
  button.title = "Copy the address of this view: the day, the layers and the map's place and zoom";
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
      if (document.execCommand && document.execCommand("copy")) done("Copied");
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(() => done("Copied"), fallback);
    else fallback();
  };
}
