// Kanban moves between stages, by mouse or keyboard. A card dropped on a lane, or a focused
// card moved with ← / → (one stage back or on), is posted by htmx, which swaps the board; the
// "Move" form under each card does the same (and, without JavaScript, posts to the prospect).
document.addEventListener("DOMContentLoaded", () => {
  const board = document.getElementById("board");
  if (!board) return;
  let refocus = null; // the card to give the focus back to once the new board is in
  // Each card's "Move" choice starts at the next stage on (the usual move), not the first.
  const preselect = () => {
    const lanes = [...board.querySelectorAll(".lane")];
    for (const select of board.querySelectorAll(".kcard form.move select")) {
      const after = lanes.slice(lanes.indexOf(select.closest(".lane")) + 1);
      const next = after.find((lane) => select.querySelector(`option[value="${lane.dataset.stage}"]`));
      if (next) select.value = next.dataset.stage;
    }
  };
  preselect();
  const move = (card, stage) => {
    const token = document.querySelector("meta[name=csrf-token]");
    htmx.ajax("POST", card.dataset.moveUrl, {
      target: "#board",
      swap: "innerHTML",
      // The revision the card showed: a prospect changed since is not moved (409, with why).
      values: { stage, revision_seen: card.dataset.revision },
      headers: { "X-CSRFToken": token ? token.content : "" },
    });
  };
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
    move(dragged, lane.dataset.stage);
    dragged = null;
  });
  board.addEventListener("keydown", (event) => {
    const card = event.target;
    if (!card.matches(".kcard[data-move-url]")) return; // not while in the card's form
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const lanes = [...board.querySelectorAll(".lane[data-droppable]")];
    const to = lanes[lanes.indexOf(card.closest(".lane")) + step];
    if (!to) return;
    event.preventDefault();
    refocus = card.id;
    move(card, to.dataset.stage);
  });
  board.addEventListener("submit", (event) => {
    refocus = event.target.closest(".kcard")?.id ?? null;
  });
  // A refused move answers 422 (or 409: the card was out of date) with the board and the
  // reason: show it.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 422 || event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:afterSwap", () => {
    preselect();
    const card = refocus && document.getElementById(refocus);
    refocus = null;
    if (card) card.focus();
  });
});
