// merit workspace: progressive enhancement only (every page works without it).
// Ask before deleting a document.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.id === "delete-document" && !window.confirm("?")) {
    event.preventDefault();
  }
});
