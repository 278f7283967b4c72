import type { Guide } from "@shopguide/core/guide";

/** Demo profiles and guides, keyed by creator handle: what a first look at `npm start` shows. */
export const demoProfiles: Record<string, { bio: string; links: { label: string; url: string }[] }> = {
  maya_cooks: {
    bio: "Home cook in Leeds. I test kitchen gear for months before I recommend it, and I tell you what annoyed me.",
    links: [
      { label: "Instagram", url: "https://instagram.com/maya_cooks" },
      { label: "Newsletter", url: "https://mayacooks.substack.com" },
    ],
  },
  theo_trails: {
    bio: "Long-distance hiker (PCT 2022, Kungsleden twice). Light, durable, repairable, in that order.",
    links: [{ label: "YouTube", url: "https://youtube.com/@theotrails" }],
  },
  priya_studio: {
    bio: "Industrial designer working from a small flat. Desk setups, lighting and tools that earn their space.",
    links: [
      { label: "Portfolio", url: "https://priyaraman.design" },
      { label: "Instagram", url: "https://instagram.com/priya_studio" },
    ],
  },
  jun_listens: {
    bio: "Audio engineer by day. Honest headphone and speaker picks at every budget, measured, not hyped.",
    links: [{ label: "Blog", url: "https://junlistens.blog" }],
  },
};

const usd = (amount: number) => ({ amount, currency: "USD" });
const gbp = (amount: number) => ({ amount, currency: "GBP" });
const eur = (amount: number) => ({ amount, currency: "EUR" });

export const demoGuides: Record<string, Guide.CreateInput[]> = {
  maya_cooks: [
    {
      title: "The only three pans a small kitchen needs",
      body: "I cooked with a drawer full of pans for years. These three now do **everything**, from Sunday eggs to a Tuesday stir-fry.\n\n## Why only three\n\n- Fewer pans, less washing up\n- Each one does a job the others cannot\n\nStart with the cast iron; add the others as you go.",
      tags: ["kitchen", "cookware", "small-spaces"],
      items: [
        {
          title: "Lodge 10.25 inch cast iron skillet",
          url: "https://www.lodgecastiron.com/product/chef-collection-skillet",
          price: usd(2990),
          merchant: "Lodge Cast Iron",
          note: "Pre-seasoned and nearly indestructible. Sears steak, bakes cornbread, goes under the grill.",
        },
        {
          title: "Tramontina 12 inch nonstick fry pan",
          url: "https://www.tramontina.com/professional-fry-pan-12",
          price: usd(3495),
          merchant: "Tramontina",
          note: "For eggs and fish only. Replace it every few years; that is the honest truth about nonstick.",
        },
        {
          title: "Cuisinart 3 quart stainless saucier",
          url: "https://www.cuisinart.com/chefs-classic-saucier",
          price: usd(5999),
          merchant: "Cuisinart",
          note: "Rounded sides make risotto and custards easy to stir. Dishwasher safe.",
        },
      ],
    },
    {
      title: "Knives I would buy again",
      body: "You do not need a block of twelve. A good chef's knife and a bread knife cover nearly everything.\n\nKeep them sharp: a honing rod weekly, a proper sharpen twice a year.",
      tags: ["kitchen", "knives"],
      items: [
        {
          title: "Victorinox Fibrox Pro 8 inch chef's knife",
          url: "https://www.victorinox.com/fibrox-pro-chefs-knife-8",
          price: usd(4800),
          merchant: "Victorinox",
          note: "The best value knife I know. Light, sharp, grippy handle.",
        },
        {
          title: "Mercer Millennia 10 inch bread knife",
          url: "https://mercerculinary.com/millennia-bread-knife-10",
          price: usd(2200),
          merchant: "Mercer Culinary",
          note: "Long enough for a big sourdough loaf.",
        },
        {
          title: "Idahone 12 inch ceramic honing rod",
          url: "https://www.idahone.com/ceramic-12",
          price: usd(3500),
          merchant: "Idahone",
        },
      ],
    },
    {
      title: "Weeknight baking kit under £60",
      body: "Everything you need for banana bread, brownies and a first loaf of focaccia.",
      tags: ["baking", "kitchen", "gifts"],
      items: [
        {
          title: "Salter ArcPro digital kitchen scale",
          url: "https://www.salter.com/arcpro-digital-scale",
          price: gbp(1999),
          merchant: "Salter",
          note: "Weigh, do not scoop. Your baking gets consistent overnight.",
        },
        {
          title: "Nordic Ware quarter sheet pan",
          url: "https://www.nordicware.com/quarter-sheet",
          price: gbp(1650),
          merchant: "Nordic Ware",
        },
        {
          title: "OXO Good Grips silicone spatula set",
          url: "https://www.oxo.com/silicone-spatula-set",
          price: gbp(1400),
          merchant: "OXO",
        },
      ],
    },
  ],
  theo_trails: [
    {
      title: "My sub-5 kg base weight, item by item",
      body: "This is the kit that took me across the Kungsleden last September. Nothing fancy, nothing fragile.\n\n> Pack for the conditions you expect, carry skills for the ones you do not.",
      tags: ["hiking", "ultralight", "backpacking"],
      items: [
        {
          title: "Durston X-Mid 1 tent",
          url: "https://durstongear.com/products/x-mid-1",
          price: usd(26000),
          merchant: "Durston Gear",
          note: "Pitches with trekking poles, sheds wind like a pyramid. 900 g.",
        },
        {
          title: "Nemo Tensor All-Season sleeping pad",
          url: "https://www.nemoequipment.com/tensor-all-season",
          price: usd(22995),
          merchant: "Nemo Equipment",
          note: "R-value 5.4 and quiet, unlike the crinkly pads of old.",
        },
        {
          title: "Enlightened Equipment Revelation 20°F quilt",
          url: "https://enlightenedequipment.com/revelation",
          price: usd(33500),
          merchant: "Enlightened Equipment",
        },
        {
          title: "Smartwater 1 litre bottle",
          url: "https://www.rei.com/product/smartwater-1l",
          price: usd(249),
          merchant: "REI",
          note: "Yes, really. Fits a Sawyer filter and weighs nothing.",
        },
      ],
    },
    {
      title: "Rain gear that actually keeps you dry",
      body: "No jacket is waterproof forever. These are the ones that held up after three seasons of Scottish weather.",
      tags: ["hiking", "rain-gear"],
      items: [
        {
          title: "Arc'teryx Beta jacket",
          url: "https://arcteryx.com/beta-jacket",
          price: usd(40000),
          merchant: "Arc'teryx",
          note: "Pricey, but the hood is the best I have used.",
        },
        {
          title: "Frogg Toggs UltraLite2 rain suit",
          url: "https://froggtoggs.com/ultralite2",
          price: usd(2995),
          merchant: "Frogg Toggs",
          note: "Fragile, cheap, and surprisingly breathable. A thru-hiker classic.",
        },
        {
          title: "Zpacks Vertice rain pants",
          url: "https://zpacks.com/vertice-rain-pants",
          price: usd(19900),
          merchant: "Zpacks",
        },
      ],
    },
    {
      title: "A stove setup for two weeks out",
      body: "Canister stoves are simple and fast. Here is the combination I trust when the nearest shop is days away.",
      tags: ["backpacking", "camp-kitchen"],
      items: [
        {
          title: "Soto WindMaster stove",
          url: "https://sotooutdoors.com/windmaster",
          price: usd(6995),
          merchant: "Soto",
          note: "Handles wind far better than most canister stoves.",
        },
        {
          title: "Toaks 750 ml titanium pot",
          url: "https://www.toaksoutdoor.com/pot-750ml",
          price: usd(3995),
          merchant: "Toaks",
        },
        {
          title: "Sea to Summit long-handled spoon",
          url: "https://seatosummit.com/alpha-light-long-spoon",
          price: usd(1295),
          merchant: "Sea to Summit",
          note: "Reaches the bottom of a freeze-dried meal bag without sticky knuckles.",
        },
      ],
    },
  ],
  priya_studio: [
    {
      title: "A calm desk setup for a small flat",
      body: "My desk is 100 cm wide. Everything on it has to earn its place.\n\n1. Good light first\n2. Then the chair\n3. Then everything else",
      tags: ["desk-setup", "home-office", "small-spaces"],
      items: [
        {
          title: "BenQ ScreenBar Halo monitor light",
          url: "https://www.benq.eu/screenbar-halo",
          price: eur(17900),
          merchant: "BenQ",
          note: "Lights the desk, not the screen. Ended my evening headaches.",
        },
        {
          title: "IKEA Alex drawer unit",
          url: "https://www.ikea.com/alex-drawer-unit",
          price: eur(8900),
          merchant: "IKEA",
        },
        {
          title: "Grovemade felt desk pad",
          url: "https://grovemade.com/wool-felt-desk-pad",
          price: eur(10000),
          merchant: "Grovemade",
          note: "Softens the sound of a mechanical keyboard, too.",
        },
      ],
    },
    {
      title: "Tools on my bench",
      body: "Prototyping at home needs only a handful of precise tools. These are the ones I reach for daily.",
      tags: ["tools", "design"],
      items: [
        {
          title: "Mitutoyo 6 inch digital caliper",
          url: "https://www.mitutoyo.com/absolute-digimatic-caliper",
          price: eur(13500),
          merchant: "Mitutoyo",
          note: "Buy once. Mine is twelve years old.",
        },
        {
          title: "Olfa L-1 utility knife",
          url: "https://www.olfa.com/l-1",
          price: eur(1150),
          merchant: "Olfa",
        },
        {
          title: "Wiha precision screwdriver set",
          url: "https://www.wiha.com/precision-set-26090",
          price: eur(3990),
          merchant: "Wiha",
        },
      ],
    },
    {
      title: "Lamps that make a rented room feel like yours",
      body: "Overhead light is the enemy. Three lamps at different heights change a room more than paint.",
      tags: ["lighting", "home", "small-spaces"],
      items: [
        {
          title: "IKEA Tertial work lamp",
          url: "https://www.ikea.com/tertial-work-lamp",
          price: eur(1999),
          merchant: "IKEA",
          note: "A design classic for the price of lunch.",
        },
        {
          title: "Muuto Leaf table lamp",
          url: "https://www.muuto.com/leaf-table-lamp",
          price: eur(24900),
          merchant: "Muuto",
        },
        {
          title: "Philips Hue White Ambiance bulb",
          url: "https://www.philips-hue.com/white-ambiance-e27",
          price: eur(2499),
          merchant: "Philips Hue",
          note: "Warm in the evening, cool for working. Set it once and forget it.",
        },
      ],
    },
  ],
  jun_listens: [
    {
      title: "Headphones at every budget, measured",
      body: "I measured twenty pairs on the same rig. These three give the most for the money at their price.",
      tags: ["audio", "headphones", "gifts"],
      items: [
        {
          title: "Moondrop Chu II in-ear monitors",
          url: "https://moondroplab.com/chu-ii",
          price: usd(1999),
          merchant: "Moondrop",
          note: "Absurdly good for twenty dollars. Neutral, a little bright.",
        },
        {
          title: "Sennheiser HD 560S",
          url: "https://www.sennheiser.com/hd-560s",
          price: usd(17900),
          merchant: "Sennheiser",
          note: "Open-back, so not for the train. Wonderful at a desk.",
        },
        {
          title: "Sony WH-1000XM5",
          url: "https://electronics.sony.com/wh-1000xm5",
          price: usd(39999),
          merchant: "Sony",
          note: "Best noise cancelling I have tested for flights.",
        },
      ],
    },
    {
      title: "Desktop speakers for a small room",
      body: "Near-field speakers sound better than soundbars in a small room. Put them at ear height and a little apart.",
      tags: ["audio", "desk-setup"],
      items: [
        {
          title: "Edifier MR4 studio monitors",
          url: "https://www.edifier.com/mr4",
          price: usd(12999),
          merchant: "Edifier",
        },
        {
          title: "IsoAcoustics ISO-130 speaker stands",
          url: "https://isoacoustics.com/iso-130",
          price: usd(9999),
          merchant: "IsoAcoustics",
          note: "Lift and decouple: tighter bass, less desk rumble.",
        },
        {
          title: "Schiit Modi+ DAC",
          url: "https://www.schiit.com/modi-plus",
          price: usd(12900),
          merchant: "Schiit Audio",
        },
      ],
    },
  ],
};
