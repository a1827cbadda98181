// Kanban drag between stages: drop a card on a lane and htmx posts the move, then swaps the board.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.getElementById("board");
  if (!board) return;
  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".kcard[data-move-url]");
    if (dragged) event.dataTransfer.setData("text/plain", dragged.id);
  });
  board.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest(".lane[data-droppable]")) event.preventDefault();
  });
  board.addEventListener("drop", (event) => {
    const lane = event.target.closest(".lane[data-droppable]");
    if (!dragged || !lane) return;
    event.preventDefault();
    const token = document.querySelector("meta[name=csrf-token]");
    htmx.ajax("POST", dragged.dataset.moveUrl, {
      target: "#board",
      swap: "innerHTML",
      // The revision the card showed: a prospect changed since is not moved (409, with why).
      values: { stage: lane.dataset.stage, revision_seen: dragged.dataset.revision },
      headers: { "X-CSRFToken": token ? token.content : "" },
    });
    dragged = null;
  });
  // A refused move answers 422 (or 409: the card was out of date) with the board and the
  // reason: show it.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 422 || event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
});
